using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Events;

/// <summary>Endpoints subscribed to events hear of deliveries and notifications ending, signed like every webhook.</summary>
public abstract class OutgoingEventsTests(Engine engine) : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private readonly TestService service = new(clock: new FakeTimeProvider(DateTimeOffset.UtcNow), engine: engine);
    private WebhookReceiver events = null!;
    private WebhookReceiver target = null!;

    private FakeTimeProvider Clock => (FakeTimeProvider)service.Service<TimeProvider>();

    public async Task InitializeAsync()
    {
        events = await WebhookReceiver.StartAsync();
        target = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await events.DisposeAsync();
        await target.DisposeAsync();
        service.Dispose();
    }

    [Fact]
    public async Task A_sent_email_raises_delivery_sent_then_notification_completed_signed_and_naming_no_address()
    {
        var client = service.Client();
        var (_, secret) = await client.CreateWebhookEndpointAsync(events.Url.ToString(), "delivery.sent", "delivery.failed", "notification.completed");
        var body = Requests.Email();
        body["metadata"] = new JsonObject { ["bookingId"] = "B-991" };

        var accepted = await client.SendAsync(body);
        var received = await events.WaitForRequestsAsync(2, Wait);

        var notificationId = (string)accepted["id"]!;
        var deliveryId = (string)accepted["deliveries"]![0]!["id"]!;
        foreach (var request in received)
        {
            request.ShouldBeSignedWith(secret);
            request.Headers["webhook-id"].ShouldStartWith("evt_");
            request.BodyText.ShouldNotContain("ann@example.com");
        }
        received.Select(r => r.Headers["webhook-id"]).Distinct().Count().ShouldBe(2);
        var sent = Event(received, "delivery.sent");
        DateTimeOffset.Parse((string)sent["timestamp"]!).ShouldBe(Clock.GetUtcNow(), TimeSpan.FromSeconds(1));
        sent["data"]!["deliveryId"]!.ToString().ShouldBe(deliveryId);
        sent["data"]!["notificationId"]!.ToString().ShouldBe(notificationId);
        sent["data"]!["channel"]!.ToString().ShouldBe("email");
        sent["data"]!["status"]!.ToString().ShouldBe("sent");
        sent["data"]!["attempts"]!.GetValue<int>().ShouldBe(1);
        sent["data"]!["sentAt"].ShouldNotBeNull();
        sent["data"]!["metadata"]!["bookingId"]!.ToString().ShouldBe("B-991");
        var completed = Event(received, "notification.completed");
        completed["data"]!["notificationId"]!.ToString().ShouldBe(notificationId);
        completed["data"]!["status"]!.ToString().ShouldBe("completed");
        completed["data"]!["deliveryCounts"]!["sent"]!.GetValue<long>().ShouldBe(1);
        completed["data"]!["metadata"]!["bookingId"]!.ToString().ShouldBe("B-991");

        // The events are the service's own traffic: the notification shows only what it was asked to send.
        var notification = await client.WaitForStatusAsync(notificationId, "completed");
        notification["deliveries"]!.AsArray().Select(d => (string)d!["id"]!).ShouldBe([deliveryId]);
        notification["deliveryCounts"]!.ToJsonString().ShouldBe("""{"sent":1}""");
    }

    [Fact]
    public async Task A_delivery_that_fails_for_good_raises_delivery_failed_and_the_notification_completes_as_failed()
    {
        var client = service.Client();
        await client.CreateWebhookEndpointAsync(events.Url.ToString(), "delivery.failed", "notification.completed");
        var (targetId, _) = await client.CreateWebhookEndpointAsync(target.Url.ToString());
        target.AnswerNext(400);

        var accepted = await client.SendAsync(Requests.Webhook(targetId));
        var received = await events.WaitForRequestsAsync(2, Wait);

        var failed = Event(received, "delivery.failed");
        failed["data"]!["deliveryId"]!.ToString().ShouldBe((string)accepted["deliveries"]![0]!["id"]!);
        failed["data"]!["channel"]!.ToString().ShouldBe("webhook");
        failed["data"]!["status"]!.ToString().ShouldBe("failed");
        failed["data"]!["sentAt"].ShouldBeNull();
        (await client.NotificationAsync((string)accepted["id"]!))["deliveries"]![0]!["lastError"]!.ToString().ShouldContain("400");
        var completed = Event(received, "notification.completed");
        completed["data"]!["status"]!.ToString().ShouldBe("failed");
        completed["data"]!["deliveryCounts"]!["failed"]!.GetValue<long>().ShouldBe(1);
    }

    [Fact]
    public async Task An_endpoint_hears_only_the_events_it_subscribed_to_and_a_deleted_one_hears_none()
    {
        var client = service.Client();
        await using var sentOnly = await WebhookReceiver.StartAsync();
        await using var deleted = await WebhookReceiver.StartAsync();
        await client.CreateWebhookEndpointAsync(events.Url.ToString(), "delivery.failed");
        await client.CreateWebhookEndpointAsync(sentOnly.Url.ToString(), "delivery.sent");
        var (deletedId, _) = await client.CreateWebhookEndpointAsync(deleted.Url.ToString(), "delivery.sent", "delivery.failed", "notification.completed");
        (await client.DeleteAsync($"/v1/webhook-endpoints/{deletedId}")).EnsureSuccessStatusCode();
        var (targetId, _) = await client.CreateWebhookEndpointAsync(target.Url.ToString());
        target.AnswerNext(400);

        var good = await client.SendAsync(Requests.Email());
        var bad = await client.SendAsync(Requests.Webhook(targetId));
        await client.WaitForStatusAsync((string)good["id"]!, "completed");
        await client.WaitForStatusAsync((string)bad["id"]!, "failed");
        await QueueDrainedAsync();

        Types(events.Requests).ShouldBe(["delivery.failed"]);
        Types(sentOnly.Requests).ShouldBe(["delivery.sent"]);
        deleted.Requests.ShouldBeEmpty();
        target.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task An_event_the_endpoint_could_not_take_is_retried_with_the_same_id_and_body()
    {
        var client = service.Client();
        await client.CreateWebhookEndpointAsync(events.Url.ToString(), "delivery.sent");
        events.AnswerNext(503);

        await client.SendAsync(Requests.Email());
        await events.WaitForRequestsAsync(1, Wait);
        var failedAt = Clock.GetUtcNow();
        // The event is all that is left in the queue: its next attempt is the next due time.
        var due = await Eventually.GetAsync(() => service.Service<DeliveryQueue>().NextDueAsync(CancellationToken.None), d => d is not null,
            what: "the event to wait for its retry");
        Clock.Advance(due!.Value - failedAt + TimeSpan.FromMilliseconds(1));
        var received = await events.WaitForRequestsAsync(2, Wait);

        (due.Value - failedAt).TotalSeconds.ShouldBeInRange(8, 12);
        received.Select(r => r.Headers["webhook-id"]).Distinct().Count().ShouldBe(1);
        received.Select(r => r.BodyText).Distinct().Count().ShouldBe(1);
        Types(received).ShouldBe(["delivery.sent", "delivery.sent"]);
    }

    private static JsonNode Event(IEnumerable<ReceivedRequest> received, string type) =>
        received.Select(r => JsonNode.Parse(r.BodyText)!).Single(e => (string?)e["type"] == type);

    private static string[] Types(IEnumerable<ReceivedRequest> received) =>
        [.. received.Select(r => (string)JsonNode.Parse(r.BodyText)!["type"]!)];

    /// <summary>Nothing queued, retrying or in flight: every event that was raised has been sent.</summary>
    private async Task QueueDrainedAsync() =>
        await Eventually.GetAsync(() => service.Service<DeliveryQueue>().CountByStatusAsync(CancellationToken.None), pending => pending.Count == 0,
            what: "the delivery queue to drain");
}

public sealed class OutgoingEventsOnSqlite() : OutgoingEventsTests(Engine.Sqlite);

public sealed class OutgoingEventsOnPostgres() : OutgoingEventsTests(Engine.Postgres);
