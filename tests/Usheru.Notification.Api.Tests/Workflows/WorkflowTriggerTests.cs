using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Workflows;

/// <summary>Triggering a workflow as any notification is sent: to people, addresses and topics, later, once.</summary>
public abstract class WorkflowTriggerTests(Engine engine) : IAsyncLifetime
{
    private WorkflowBed bed = null!;

    public async Task InitializeAsync()
    {
        bed = await WorkflowBed.StartAsync(engine);
        await bed.StoreAsync("on-sale", WorkflowBed.Send("tell", "email", "{{ film }} is on sale, {{ recipient.name }}"));
    }

    public async Task DisposeAsync() => await bed.DisposeAsync();

    [Fact]
    public async Task A_topic_fans_out_into_one_run_per_follower_each_sending_once()
    {
        var fans = Enumerable.Range(0, 30).Select(i => $"fan-{i:00}").ToList();
        foreach (var fan in fans)
        {
            await bed.PutRecipientAsync(fan, new { email = $"{fan}@example.com", name = fan });
        }
        (await bed.Client.PutAsJsonAsync("/v1/topics/film:dune", new { })).EnsureSuccessStatusCode();
        (await bed.Client.PostAsJsonAsync("/v1/topics/film:dune/subscribers", new { recipientIds = fans })).EnsureSuccessStatusCode();

        var accepted = await bed.Client.SendAsync(new JsonObject
        {
            ["workflow"] = "on-sale",
            ["to"] = new JsonArray(new JsonObject { ["topic"] = "film:dune" }, new JsonObject { ["recipientId"] = "fan-00" }),
            ["data"] = new JsonObject { ["film"] = "Dune" },
        });
        var id = (string)accepted["id"]!;
        var done = await bed.Client.WaitForStatusAsync(id, "completed");

        accepted["workflow"]!.ToString().ShouldBe("on-sale");
        accepted["runs"]!.AsArray().Select(r => (string)r!["recipientId"]!).ShouldBe(["fan-00"]);
        var emails = await bed.EmailsAsync(30);
        emails.Select(m => m.To.ToString()).Distinct().Count().ShouldBe(30);
        (await bed.RunsAsync(id)).Count.ShouldBe(30);
        done["deliveryCounts"]!["sent"]!.GetValue<long>().ShouldBe(30);
    }

    [Fact]
    public async Task Runs_for_addresses_given_directly_reach_their_own_channel_and_suppress_the_others()
    {
        await bed.StoreAsync("booking",
            WorkflowBed.Send("email", "email", "Booking confirmed"),
            WorkflowBed.Send("sms", "sms", "Booking confirmed"));

        var accepted = await bed.Client.SendAsync(new JsonObject
        {
            ["workflow"] = "booking",
            ["to"] = new JsonArray(new JsonObject { ["email"] = "ann@example.com", ["name"] = "Ann" }, new JsonObject { ["phone"] = "+353871234567" },
                new JsonObject { ["email"] = "ann@example.com" }),
        });
        var id = (string)accepted["id"]!;
        await bed.Client.WaitForStatusAsync(id, "completed");

        accepted["runs"]!.AsArray().Select(r => (string)r!["to"]!).ShouldBe(["ann@example.com", "+353871234567"]);
        var runs = (await bed.RunsAsync(id)).ToDictionary(r => (string)r!["to"]!, r => r!["steps"]!.AsArray().Select(s => (string)s!["status"]!).ToList());
        runs["ann@example.com"].ShouldBe(["sent", "suppressed"]);
        runs["+353871234567"].ShouldBe(["suppressed", "sent"]);
        (await bed.EmailsAsync(1)).Single().To.ToString().ShouldContain("ann@example.com");
        (await bed.Twilio.WaitForMessagesAsync(1, Eventually.DefaultTimeout)).Single().To.ShouldBe("+353871234567");
    }

    [Fact]
    public async Task A_trigger_with_send_at_starts_its_runs_then_and_is_scheduled_until()
    {
        await bed.PutRecipientAsync("ann", new { email = "ann@example.com", name = "Ann" });
        var at = bed.Clock.GetUtcNow().AddHours(1);

        var accepted = await bed.Client.SendAsync(new JsonObject
        {
            ["workflow"] = "on-sale", ["to"] = new JsonArray(new JsonObject { ["recipientId"] = "ann" }), ["sendAt"] = at.ToString("O"),
            ["data"] = new JsonObject { ["film"] = "Dune" },
        });
        var id = (string)accepted["id"]!;
        var waiting = await bed.WaitingAsync(id, "tell");

        accepted["status"]!.ToString().ShouldBe("scheduled");
        DateTimeOffset.Parse((string)waiting["resumeAt"]!).ShouldBe(at);
        (await bed.Client.NotificationAsync(id))["status"]!.ToString().ShouldBe("scheduled");
        bed.AdvanceTo(at);
        await bed.Client.WaitForStatusAsync(id, "completed");
        (await bed.EmailsAsync(1)).Single().Subject.ShouldBe("Dune is on sale, Ann");
    }

    [Fact]
    public async Task A_repeated_idempotency_key_replays_the_trigger_and_starts_no_second_run()
    {
        await bed.PutRecipientAsync("ann", new { email = "ann@example.com", name = "Ann" });
        var body = new JsonObject { ["workflow"] = "on-sale", ["to"] = new JsonArray(new JsonObject { ["recipientId"] = "ann" }) };

        var first = await Post(body, "trigger-1");
        var second = await Post(body, "trigger-1");

        second.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await second.Content.ReadAsStringAsync()).ShouldBe(await first.Content.ReadAsStringAsync());
        var id = (string)(await first.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        await bed.Client.WaitForStatusAsync(id, "completed");
        (await bed.RunsAsync(id)).Count.ShouldBe(1);
        (await bed.EmailsAsync(1)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_run_keeps_the_steps_it_started_with_when_the_workflow_is_replaced()
    {
        await bed.PutRecipientAsync("ann", new { email = "ann@example.com", name = "Ann" });
        await bed.StoreAsync("teaser", WorkflowBed.Delay("wait", "PT1H"), WorkflowBed.Send("old", "email", "Version one"));
        var id = await bed.TriggerAsync("teaser", recipientIds: "ann");
        var waiting = await bed.WaitingAsync(id, "wait");

        await bed.StoreAsync("teaser", WorkflowBed.Delay("wait", "PT1H"), WorkflowBed.Send("new", "email", "Version two"));
        bed.AdvanceTo(DateTimeOffset.Parse((string)waiting["resumeAt"]!));

        (await bed.EndedAsync(id, "completed"))["steps"]![1]!["id"]!.ToString().ShouldBe("old");
        (await bed.EmailsAsync(1)).Single().Subject.ShouldBe("Version one");
    }

    [Fact]
    public async Task Erasing_a_recipient_cancels_their_waiting_run()
    {
        await bed.PutRecipientAsync("ann", new { email = "ann@example.com", name = "Ann" });
        await bed.StoreAsync("teaser", WorkflowBed.Delay("wait", "PT1H"), WorkflowBed.Send("tell", "email", "Soon"));
        var id = await bed.TriggerAsync("teaser", recipientIds: "ann");
        await bed.WaitingAsync(id, "wait");

        (await bed.Client.DeleteAsync("/v1/recipients/ann")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        bed.AdvanceTo(bed.Clock.GetUtcNow().AddHours(2));

        var run = await bed.EndedAsync(id, "cancelled");
        run["recipientId"].ShouldBeNull();
        (await bed.Client.NotificationAsync(id))["status"]!.ToString().ShouldBe("cancelled");
        bed.Smtp.Messages.Count.ShouldBe(0);
    }

    private Task<HttpResponseMessage> Post(JsonObject body, string idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/notifications") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return bed.Client.SendAsync(request);
    }
}

public sealed class WorkflowTriggersOnSqlite() : WorkflowTriggerTests(Engine.Sqlite);

public sealed class WorkflowTriggersOnPostgres() : WorkflowTriggerTests(Engine.Postgres);
