using System.Text.Json.Nodes;
using Dapper;
using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Notifications;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Events;

/// <summary>
/// Events for the webhook endpoints subscribed to them. Each is queued in the transaction that
/// makes it true, as a delivery on the internal <see cref="EventChannel"/> (one per subscribed
/// endpoint): durable, leased and retried like any delivery, so a crash can lose neither the
/// change nor its event. Bodies name deliveries and notifications by id and carry no address,
/// content or error text (a far end's error often quotes the address): nothing an erasure would
/// have to chase through the queue.
/// </summary>
internal static class OutgoingEvents
{
    public const string DeliverySent = "delivery.sent";
    public const string DeliveryFailed = "delivery.failed";
    public const string NotificationCompleted = "notification.completed";
    public const string DeliveryDelivered = "delivery.delivered";
    public const string DeliveryBounced = "delivery.bounced";
    public const string DeliveryComplained = "delivery.complained";

    public static readonly string[] Types = [DeliverySent, DeliveryFailed, NotificationCompleted, DeliveryDelivered, DeliveryBounced, DeliveryComplained];

    /// <summary>
    /// Queues <c>delivery.delivered</c>, <c>delivery.bounced</c> or <c>delivery.complained</c> for a
    /// delivery the provider reported on (<paramref name="data"/>'s status names which).
    /// </summary>
    public static async Task DeliveryFeedbackAsync(IStorageEngine engine, WriteScope scope, DeliveryEventData data, long now, CancellationToken cancellationToken) =>
        await QueueAsync(engine, scope, await SubscribersAsync(scope, cancellationToken), now,
            [new Event(data.NotificationId, $"delivery.{data.Status}", data)], cancellationToken);

    /// <summary>Queues <c>delivery.sent</c> or <c>delivery.failed</c> for deliveries that just ended.</summary>
    public static async Task DeliveriesEndedAsync(IStorageEngine engine, WriteScope scope, IReadOnlyList<Completion> ended, long now,
        CancellationToken cancellationToken)
    {
        var subscribers = ended.Count == 0 ? [] : await SubscribersAsync(scope, cancellationToken);
        await QueueAsync(engine, scope, subscribers, now, ended.Select(c => new Event(
            c.Delivery.NotificationId,
            c.FinalStatus == DeliveryStatus.Sent ? DeliverySent : DeliveryFailed,
            new DeliveryEventData(c.Delivery.Id, c.Delivery.NotificationId, c.Delivery.Channel, c.FinalStatus!, c.Delivery.Attempt,
                c.FinalStatus == DeliveryStatus.Sent ? UnixTime.FromUnixMs(now) : null,
                (c.Outcome as DeliveryOutcome.Sent)?.ProviderMessageId, JsonNode.Parse(c.Delivery.MetadataJson)))), cancellationToken);
    }

    /// <summary>Queues <c>notification.completed</c> for notifications that just ended.</summary>
    public static async Task NotificationsEndedAsync(IStorageEngine engine, WriteScope scope, string[] ended, long now,
        CancellationToken cancellationToken)
    {
        var subscribers = ended.Length == 0 ? [] : await SubscribersAsync(scope, cancellationToken);
        if (!subscribers.Any(s => s.Events.Contains(NotificationCompleted)))
        {
            return;
        }
        var notifications = await scope.Connection.QueryAsync<(string Id, string Status, string Category, string? Template, string Metadata)>(new CommandDefinition(
            $"SELECT id, status, category, template, metadata FROM notifications WHERE id {engine.InList("@ended")}",
            new { ended }, scope.Transaction, cancellationToken: cancellationToken));
        var counts = (await scope.Connection.QueryAsync<(string NotificationId, string Status, long Count)>(new CommandDefinition($"""
            SELECT notification_id, status, COUNT(*) FROM deliveries
             WHERE notification_id {engine.InList("@ended")} AND channel <> '{EventChannel.Name}' GROUP BY notification_id, status
            """, new { ended }, scope.Transaction, cancellationToken: cancellationToken))).ToLookup(c => c.NotificationId);
        await QueueAsync(engine, scope, subscribers, now, notifications.Select(n => new Event(n.Id, NotificationCompleted,
            new NotificationEventData(n.Id, n.Status, n.Category, n.Template, counts[n.Id].ToDictionary(c => c.Status, c => c.Count), JsonNode.Parse(n.Metadata)))),
            cancellationToken);
    }

    /// <summary>
    /// The live endpoints that subscribe to any event: few, so read whole on every change that may
    /// raise one, once per transaction (a completion that ends deliveries and notifications asks twice).
    /// </summary>
    private static async Task<IReadOnlyList<Subscriber>> SubscribersAsync(WriteScope scope, CancellationToken cancellationToken)
    {
        if (SubscribersIn.TryGetValue(scope, out var known))
        {
            return known;
        }
        IReadOnlyList<Subscriber> subscribers = [.. (await scope.Connection.QueryAsync<(string Id, string Events)>(new CommandDefinition(
                "SELECT id, events FROM webhook_endpoints WHERE deleted_at IS NULL AND disabled_at IS NULL AND events <> '[]'",
                transaction: scope.Transaction, cancellationToken: cancellationToken)))
            .Select(row => new Subscriber(row.Id, StoredJson.Deserialize<string[]>(row.Events)))];
        SubscribersIn.AddOrUpdate(scope, subscribers);
        return subscribers;
    }

    /// <summary>What <see cref="SubscribersAsync"/> read in each open transaction.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<WriteScope, IReadOnlyList<Subscriber>> SubscribersIn = new();

    private static async Task QueueAsync(IStorageEngine engine, WriteScope scope, IReadOnlyList<Subscriber> subscribers, long now, IEnumerable<Event> events,
        CancellationToken cancellationToken)
    {
        if (subscribers.Count == 0)
        {
            return;
        }
        var deliveries = new List<(string NotificationId, NewDelivery Delivery)>();
        foreach (var e in events)
        {
            // One body for every endpoint and every attempt: a receiver sees one event, retried.
            var body = StoredJson.Serialize(new EventBody(e.Type, UnixTime.FromUnixMs(now), e.Data));
            deliveries.AddRange(subscribers.Where(s => s.Events.Contains(e.Type))
                .Select(s => (e.NotificationId, new NewDelivery(Ids.New(Ids.Event), EventChannel.Name, s.Id, body))));
        }
        if (deliveries.Count > 0)
        {
            // Events go in the transactional lane: a receiver waiting on delivery.sent must not wait behind a marketing wave.
            await NotificationWriter.InsertQueuedAsync(scope, deliveries, DeliveryLane.Transactional, now, cancellationToken);
            await engine.AnnounceWorkAsync(scope, cancellationToken);
        }
    }

    private sealed record Subscriber(string Id, string[] Events);

    private sealed record Event(string NotificationId, string Type, object Data);
}
