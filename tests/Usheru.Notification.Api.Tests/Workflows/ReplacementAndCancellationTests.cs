using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Workflows;

/// <summary>A reminder follows a moved showtime and disappears with a cancelled booking.</summary>
public abstract class ReplacementAndCancellationTests(Engine engine) : IAsyncLifetime
{
    private WorkflowBed bed = null!;

    public async Task InitializeAsync()
    {
        bed = await WorkflowBed.StartAsync(engine);
        await bed.PutRecipientAsync("ann", new { email = "ann@example.com", name = "Ann" });
        await bed.StoreAsync("showtime-reminder",
            new JsonObject { ["id"] = "wait", ["type"] = "delay", ["until"] = "{{ data.showtime }}", ["offset"] = "-PT2H" },
            WorkflowBed.Send("remind", "email", "{{ film }} at {{ showtime | date: '%H:%M' }}"));
    }

    public async Task DisposeAsync() => await bed.DisposeAsync();

    [Fact]
    public async Task A_moved_showtime_replaces_the_reminder_which_then_goes_once_at_the_new_time_with_the_new_data()
    {
        var now = bed.Clock.GetUtcNow();
        var first = await bed.TriggerAsync("showtime-reminder", Showtime(now.AddHours(5)), "booking-B-991", "ann");
        await bed.WaitingAsync(first, "wait");

        var moved = await bed.TriggerAsync("showtime-reminder", Showtime(now.AddHours(8)), "booking-B-991", "ann");
        var waiting = await bed.WaitingAsync(moved, "wait");
        (await bed.EndedAsync(first, "replaced"))["steps"]![1]!["status"]!.ToString().ShouldBe("skipped");
        (await bed.Client.NotificationAsync(first))["status"]!.ToString().ShouldBe("cancelled");

        bed.AdvanceTo(now.AddHours(3));
        bed.AdvanceTo(DateTimeOffset.Parse((string)waiting["resumeAt"]!));
        await bed.EndedAsync(moved, "completed");
        (await bed.EmailsAsync(1)).Single().Subject.ShouldBe($"Dune at {now.AddHours(8):HH:mm}");
        bed.Smtp.Messages.Count.ShouldBe(1);
        DateTimeOffset.Parse((string)waiting["resumeAt"]!).ShouldBe(now.AddHours(6));
    }

    [Fact]
    public async Task Cancelling_by_cancellation_key_stops_the_reminder_and_counts_what_it_cancelled()
    {
        var now = bed.Clock.GetUtcNow();
        await bed.PutRecipientAsync("bob", new { email = "bob@example.com" });
        var id = await bed.TriggerAsync("showtime-reminder", Showtime(now.AddHours(5)), "booking-B-991", "ann", "bob");
        await Eventually.GetAsync(() => bed.RunsAsync(id), runs => runs.All(r => (string?)r!["status"] == "waiting"), what: "both runs to wait");

        var onlyAnn = await Cancel(new { cancellationKey = "booking-B-991", recipientIds = new[] { "ann" } });
        var everyone = await Cancel(new { cancellationKey = "booking-B-991" });
        var again = await Cancel(new { cancellationKey = "booking-B-991" });

        (onlyAnn, everyone, again).ShouldBe((1, 1, 0));
        (await bed.RunsAsync(id)).Select(r => (string)r!["status"]!).ShouldBe(["cancelled", "cancelled"]);
        bed.AdvanceTo(now.AddHours(4));
        (await bed.Client.WaitForStatusAsync(id, "cancelled"))["status"]!.ToString().ShouldBe("cancelled");
        bed.Smtp.Messages.Count.ShouldBe(0);
    }

    [Fact]
    public async Task A_cancel_racing_the_send_leaves_every_run_either_sent_or_cancelled()
    {
        await bed.StoreAsync("on-sale", WorkflowBed.Send("tell", "email", "Tickets on sale, {{ recipient.name }}"));
        var people = Enumerable.Range(0, 40).Select(i => $"fan-{i}").ToList();
        foreach (var person in people)
        {
            await bed.PutRecipientAsync(person, new { email = $"{person}@example.com", name = person });
        }

        var triggers = people.Select(person => bed.TriggerAsync("on-sale", cancellationKey: "wave-1", recipientIds: person)).ToList();
        var ids = await Task.WhenAll(triggers);
        var cancelled = await Cancel(new { cancellationKey = "wave-1" }, "on-sale");

        var runs = await Task.WhenAll(ids.Select(id => bed.RunAsync(id,
            r => (string?)r["status"] is "completed" or "cancelled" && r["steps"]!.AsArray().All(s => (string?)s!["status"] != "pending"), "the run to end")));
        var sent = runs.Where(r => (string?)r["status"] == "completed").ToList();
        var emails = await bed.EmailsAsync(sent.Count);
        bed.Smtp.Messages.Count.ShouldBe(sent.Count);
        runs.Count(r => (string?)r["status"] == "cancelled").ShouldBe(cancelled);
        sent.ShouldAllBe(r => (string?)r["steps"]![0]!["status"] == "sent");
        emails.Select(m => m.To.ToString()).Distinct().Count().ShouldBe(sent.Count);
    }

    [Fact]
    public async Task Cancelling_needs_a_cancellation_key_and_an_existing_workflow()
    {
        var missingKey = await bed.Client.PostAsJsonAsync("/v1/workflows/showtime-reminder/cancel", new { recipientIds = new[] { "ann" } });
        var unknown = await bed.Client.PostAsJsonAsync("/v1/workflows/no-such-workflow/cancel", new { cancellationKey = "booking-B-991" });

        missingKey.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await missingKey.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["cancellationKey"].ShouldNotBeNull();
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private async Task<int> Cancel(object body, string workflow = "showtime-reminder")
    {
        var response = await bed.Client.PostAsJsonAsync($"/v1/workflows/{workflow}/cancel", body);
        response.EnsureSuccessStatusCode();
        return (int)(await response.Content.ReadFromJsonAsync<JsonObject>())!["cancelled"]!;
    }

    private static JsonObject Showtime(DateTimeOffset at) => new() { ["film"] = "Dune", ["showtime"] = at.ToString("O") };
}

public sealed class ReplacementAndCancellationOnSqlite() : ReplacementAndCancellationTests(Engine.Sqlite);

public sealed class ReplacementAndCancellationOnPostgres() : ReplacementAndCancellationTests(Engine.Postgres);
