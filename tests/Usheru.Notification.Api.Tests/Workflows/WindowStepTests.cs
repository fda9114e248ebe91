using System.Text.Json.Nodes;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Workflows;

/// <summary>Quiet hours: a window step waits for the recipient's own local time, across time zones and daylight-saving changes.</summary>
public abstract class WindowStepTests(Engine engine)
{
    private static JsonObject DaytimeWindow => new() { ["id"] = "daytime", ["type"] = "window", ["from"] = "09:00", ["to"] = "21:00" };

    [Fact]
    public async Task A_run_reaching_the_window_at_23_00_in_madrid_waits_until_09_00_there_while_los_angeles_goes_at_once()
    {
        // 22:00 UTC on 1 December: 23:00 in Madrid (UTC+1), 14:00 in Los Angeles (UTC-8).
        await using var bed = await WorkflowBed.StartAsync(engine, new DateTimeOffset(2026, 12, 1, 22, 0, 0, TimeSpan.Zero));
        await bed.PutRecipientAsync("ana", new { email = "ana@example.com", timezone = "Europe/Madrid" });
        await bed.PutRecipientAsync("bob", new { email = "bob@example.com", timezone = "America/Los_Angeles" });
        await bed.StoreAsync("news", DaytimeWindow, WorkflowBed.Send("news", "email", "Cinema news"));

        var madrid = await bed.TriggerAsync("news", recipientIds: "ana");
        var losAngeles = await bed.TriggerAsync("news", recipientIds: "bob");
        var waiting = await bed.WaitingAsync(madrid, "daytime");
        await bed.EndedAsync(losAngeles, "completed");

        DateTimeOffset.Parse((string)waiting["resumeAt"]!).ShouldBe(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));
        (await bed.EmailsAsync(1)).Single().To.ToString().ShouldContain("bob@example.com");
        bed.AdvanceTo(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));
        (await bed.EmailsAsync(2))[1].To.ToString().ShouldContain("ana@example.com");
    }

    [Theory]
    // 23:00 CET on 28 March; the clocks go forward that night, so 09:00 next morning is 07:00 UTC, 9 hours later, not 10.
    [InlineData("2026-03-28T22:00:00Z", "2026-03-29T07:00:00Z")]
    // 23:00 CEST on 24 October; the clocks go back that night, so 09:00 next morning is 08:00 UTC, 11 hours later.
    [InlineData("2026-10-24T21:00:00Z", "2026-10-25T08:00:00Z")]
    public async Task Local_opening_times_follow_the_clock_across_daylight_saving_changes(string reached, string opens)
    {
        await using var bed = await WorkflowBed.StartAsync(engine, DateTimeOffset.Parse(reached));
        await bed.PutRecipientAsync("ana", new { email = "ana@example.com", timezone = "Europe/Madrid" });
        await bed.StoreAsync("news", DaytimeWindow, WorkflowBed.Send("news", "email", "Cinema news"));

        var id = await bed.TriggerAsync("news", recipientIds: "ana");
        var waiting = await bed.WaitingAsync(id, "daytime");

        DateTimeOffset.Parse((string)waiting["resumeAt"]!).ShouldBe(DateTimeOffset.Parse(opens));
        bed.AdvanceTo(DateTimeOffset.Parse(opens));
        await bed.EndedAsync(id, "completed");
    }

    [Fact]
    public async Task A_window_that_wraps_midnight_on_chosen_days_uses_the_default_time_zone_for_a_recipient_without_one()
    {
        // Wednesday 2 December 2026, 12:00 in Dublin (UTC+0 in winter).
        await using var bed = await WorkflowBed.StartAsync(engine, new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero),
            new Dictionary<string, string?> { ["Workflows:DefaultTimezone"] = "Europe/Dublin" });
        await bed.PutRecipientAsync("cal", new { email = "cal@example.com" });
        await bed.StoreAsync("late-show",
            new JsonObject { ["id"] = "night", ["type"] = "window", ["from"] = "22:00", ["to"] = "02:00", ["days"] = new JsonArray("fri", "sat") },
            WorkflowBed.Send("news", "email", "Late show tonight"));

        var id = await bed.TriggerAsync("late-show", recipientIds: "cal");
        var waiting = await bed.WaitingAsync(id, "night");

        // The next Friday, 4 December, 22:00 in Dublin.
        DateTimeOffset.Parse((string)waiting["resumeAt"]!).ShouldBe(new DateTimeOffset(2026, 12, 4, 22, 0, 0, TimeSpan.Zero));
        bed.AdvanceTo(new DateTimeOffset(2026, 12, 5, 1, 30, 0, TimeSpan.Zero));
        await bed.EndedAsync(id, "completed");
    }
}

public sealed class WindowStepsOnSqlite() : WindowStepTests(Engine.Sqlite);

public sealed class WindowStepsOnPostgres() : WindowStepTests(Engine.Postgres);
