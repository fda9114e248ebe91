using System.Net;
using System.Text.Json.Nodes;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Workflows;

/// <summary>Each step type end to end over HTTP, with the messages checked where they arrive and time moved by hand.</summary>
public abstract class WorkflowStepTests(Engine engine) : IAsyncLifetime
{
    private WorkflowBed bed = null!;

    public async Task InitializeAsync()
    {
        bed = await WorkflowBed.StartAsync(engine);
        await bed.PutRecipientAsync("ann", new { email = "ann@example.com", phone = "+353871234567", name = "Ann" });
    }

    public async Task DisposeAsync() => await bed.DisposeAsync();

    [Fact]
    public async Task Sends_then_waits_out_a_delay_then_sends_again()
    {
        await bed.StoreAsync("welcome",
            WorkflowBed.Send("hello", "email", "Hello {{ recipient.name }}"),
            WorkflowBed.Delay("later", "PT15M"),
            WorkflowBed.Send("reminder", "email", "Still there, {{ recipient.name }}?"));
        var started = bed.Clock.GetUtcNow();

        var id = await bed.TriggerAsync("welcome", recipientIds: "ann");
        var first = await bed.EmailsAsync(1);
        var waiting = await bed.WaitingAsync(id, "later");

        first.Single().Subject.ShouldBe("Hello Ann");
        DateTimeOffset.Parse((string)waiting["resumeAt"]!).ShouldBe(started.AddMinutes(15));
        bed.Smtp.Messages.Count.ShouldBe(1);
        bed.AdvanceTo(started.AddMinutes(15));
        var both = await bed.EmailsAsync(2);
        var run = await bed.EndedAsync(id, "completed");

        both[1].Subject.ShouldBe("Still there, Ann?");
        run["steps"]!.AsArray().Select(s => (string)s!["status"]!).ShouldBe(["sent", "completed", "sent"]);
        (await bed.Client.WaitForStatusAsync(id, "completed"))["workflow"]!.ToString().ShouldBe("welcome");
    }

    [Fact]
    public async Task A_delay_until_a_timestamp_from_the_data_minus_an_offset_resumes_at_that_instant()
    {
        await bed.StoreAsync("reminder",
            new JsonObject { ["id"] = "wait", ["type"] = "delay", ["until"] = "{{ data.showtime }}", ["offset"] = "-PT2H" },
            WorkflowBed.Send("remind", "email", "{{ film }} at {{ showtime | date: '%H:%M' }}"));
        var showtime = bed.Clock.GetUtcNow().AddHours(5);

        var id = await bed.TriggerAsync("reminder", new JsonObject { ["film"] = "Dune", ["showtime"] = showtime.ToString("O") }, recipientIds: "ann");
        var waiting = await bed.WaitingAsync(id, "wait");

        DateTimeOffset.Parse((string)waiting["resumeAt"]!).ShouldBe(showtime.AddHours(-2));
        bed.AdvanceTo(showtime.AddHours(-2));
        (await bed.EmailsAsync(1)).Single().Subject.ShouldBe($"Dune at {showtime:HH:mm}");
    }

    [Theory]
    [InlineData("continue", "completed", 1)]
    [InlineData("end", "skipped", 0)]
    public async Task A_delay_whose_time_has_passed_goes_on_or_ends_as_if_past_says(string ifPast, string status, int emails)
    {
        await bed.StoreAsync("reminder",
            new JsonObject { ["id"] = "wait", ["type"] = "delay", ["until"] = "{{ data.showtime }}", ["offset"] = "-PT2H", ["ifPast"] = ifPast },
            WorkflowBed.Send("remind", "email", "Your film starts soon"));

        var id = await bed.TriggerAsync("reminder", new JsonObject { ["showtime"] = bed.Clock.GetUtcNow().AddHours(1).ToString("O") }, recipientIds: "ann");
        var run = await bed.EndedAsync(id, status);

        if (emails > 0)
        {
            await bed.EmailsAsync(emails);
        }
        bed.Smtp.Messages.Count.ShouldBe(emails);
        run["steps"]![0]!["status"]!.ToString().ShouldBe(ifPast == "end" ? "skipped" : "completed");
    }

    [Theory]
    [InlineData(true, 2)]
    [InlineData(false, 1)]
    public async Task A_step_whose_condition_is_false_is_skipped(bool vip, int emails)
    {
        await bed.StoreAsync("on-sale",
            WorkflowBed.Send("everyone", "email", "On sale"),
            WorkflowBed.Send("vips", "email", "Your VIP seats", "data.vip == true and recipient.name == 'Ann'"));

        var id = await bed.TriggerAsync("on-sale", new JsonObject { ["vip"] = vip }, recipientIds: "ann");
        var run = await bed.EndedAsync(id, "completed");

        (await bed.EmailsAsync(emails)).Select(m => m.Subject).ShouldBe(vip ? ["On sale", "Your VIP seats"] : ["On sale"], ignoreOrder: true);
        run["steps"]![1]!["status"]!.ToString().ShouldBe(vip ? "sent" : "skipped");
    }

    [Fact]
    public async Task A_throttle_of_two_a_day_lets_two_of_five_runs_through()
    {
        await bed.StoreAsync("news",
            new JsonObject { ["id"] = "cap", ["type"] = "throttle", ["limit"] = 2, ["per"] = "P1D" },
            WorkflowBed.Send("news", "email", "Cinema news"));

        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await bed.TriggerAsync("news", recipientIds: "ann"));
        }
        var runs = await Task.WhenAll(ids.Select(id => bed.RunAsync(id,
            r => (string?)r["status"] is "completed" or "throttled" && r["steps"]!.AsArray().All(s => (string?)s!["status"] != "pending"), "the run to end")));

        runs.Count(r => (string?)r["status"] == "completed").ShouldBe(2);
        runs.Count(r => (string?)r["status"] == "throttled").ShouldBe(3);
        await bed.EmailsAsync(2);
        bed.AdvanceTo(bed.Clock.GetUtcNow().AddDays(1));
        var next = await bed.TriggerAsync("news", recipientIds: "ann");
        (await bed.EndedAsync(next, "completed"))["status"]!.ToString().ShouldBe("completed");
    }

    [Fact]
    public async Task An_inbox_item_read_in_time_spares_the_sms_and_an_unread_one_does_not()
    {
        await bed.StoreAsync("showtime",
            WorkflowBed.Send("inbox", "inbox", "{{ film }} starts in two hours"),
            WorkflowBed.Delay("grace", "PT15M"),
            WorkflowBed.Send("sms", "sms", "{{ film }} starts in two hours", "steps.inbox.read == false"));
        var read = await bed.TriggerAsync("showtime", new JsonObject { ["film"] = "Dune" }, recipientIds: "ann");
        var unread = await bed.TriggerAsync("showtime", new JsonObject { ["film"] = "Arrival" }, recipientIds: "ann");
        await bed.WaitingAsync(read, "grace");
        var waiting = await bed.WaitingAsync(unread, "grace");
        var items = await Eventually.GetAsync(async () => (await bed.Client.GetJsonAsync("/v1/recipients/ann/inbox"))["items"]!.AsArray(),
            i => i.Count == 2, what: "both inbox items to be delivered");
        var dune = items.Single(i => ((string)i!["title"]!).StartsWith("Dune", StringComparison.Ordinal))!;

        (await bed.Client.PostAsync($"/v1/recipients/ann/inbox/{dune["id"]}/read", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        bed.AdvanceTo(DateTimeOffset.Parse((string)waiting["resumeAt"]!));
        var readRun = await bed.EndedAsync(read, "completed");
        var unreadRun = await bed.EndedAsync(unread, "completed");

        var sms = await bed.Twilio.WaitForMessagesAsync(1, Eventually.DefaultTimeout);
        sms.Single().Body.ShouldBe("Arrival starts in two hours");
        readRun["steps"]![2]!["status"]!.ToString().ShouldBe("skipped");
        unreadRun["steps"]![2]!["status"]!.ToString().ShouldBe("sent");
        bed.Twilio.Messages.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_fallback_waits_for_the_email_to_fail_before_deciding_on_the_sms()
    {
        await bed.StoreAsync("booking",
            WorkflowBed.Send("email", "email", "Booking confirmed"),
            WorkflowBed.Send("sms", "sms", "Booking confirmed (we could not email you)", "steps.email.status == 'failed'"));
        bed.Smtp.AnswerNext(550, "No such mailbox");

        var failed = await bed.TriggerAsync("booking", recipientIds: "ann");
        var run = await bed.EndedAsync(failed, "completed");
        var delivered = await bed.TriggerAsync("booking", recipientIds: "ann");
        var second = await bed.EndedAsync(delivered, "completed");

        run["steps"]!.AsArray().Select(s => (string)s!["status"]!).ShouldBe(["failed", "sent"]);
        second["steps"]!.AsArray().Select(s => (string)s!["status"]!).ShouldBe(["sent", "skipped"]);
        (await bed.Twilio.WaitForMessagesAsync(1, Eventually.DefaultTimeout)).Single().Body.ShouldBe("Booking confirmed (we could not email you)");
        bed.Twilio.Messages.Count.ShouldBe(1);
    }
}

public sealed class WorkflowStepsOnSqlite() : WorkflowStepTests(Engine.Sqlite);

public sealed class WorkflowStepsOnPostgres() : WorkflowStepTests(Engine.Postgres);
