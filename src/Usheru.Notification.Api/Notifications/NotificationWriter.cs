using System.Collections.Concurrent;
using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Notifications;

/// <summary>
/// Group commit for accepted notifications. Whoever finds no write under way writes everything
/// queued so far in one transaction, and keeps going while more arrives; the others wait for the
/// commit that holds their notification. Alone, a request commits at once; under load, many share
/// one disk flush. Nobody is answered before their own notification is durable.
/// </summary>
internal sealed class NotificationWriter(IStorageEngine engine, WorkSignal workSignal, Topics.FanoutSignal fanoutSignal)
{
    private const int MaxBatch = 200;
    private readonly ConcurrentQueue<Pending> queue = new();
    private int writing;

    /// <summary>
    /// Writes the notification and all its deliveries, plus whatever else must commit with them
    /// (the idempotent response), and wakes the workers once it is durable.
    /// </summary>
    public Task WriteAsync(NewNotification notification, string apiKeyId, Func<WriteScope, Task>? alsoInTransaction)
    {
        var pending = new Pending(notification, apiKeyId, alsoInTransaction, new(TaskCreationOptions.RunContinuationsAsynchronously));
        queue.Enqueue(pending);
        if (Interlocked.CompareExchange(ref writing, 1, 0) == 0)
        {
            _ = Task.Run(DrainAsync);
        }
        return pending.Done.Task;
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            var batch = new List<Pending>();
            while (batch.Count < MaxBatch && queue.TryDequeue(out var next))
            {
                batch.Add(next);
            }
            if (batch.Count == 0)
            {
                Volatile.Write(ref writing, 0);
                // Something may have been queued after the last look but before the flag dropped.
                if (queue.IsEmpty || Interlocked.CompareExchange(ref writing, 1, 0) != 0)
                {
                    return;
                }
                continue;
            }
            await WriteBatchAsync(batch);
        }
    }

    private async Task WriteBatchAsync(List<Pending> batch)
    {
        try
        {
            await CommitAsync(batch);
            batch.ForEach(p => p.Done.TrySetResult());
            workSignal.Notify();
            if (batch.Any(p => p.Notification.Fanout is not null))
            {
                fanoutSignal.Signal.Notify();
            }
        }
        catch (Exception) when (batch.Count > 1)
        {
            // One bad apple must not fail its neighbours: write each on its own.
            foreach (var pending in batch)
            {
                await WriteBatchAsync([pending]);
            }
        }
        catch (Exception ex)
        {
            batch[0].Done.TrySetException(ex);
        }
    }

    private async Task CommitAsync(List<Pending> batch)
    {
        await using var scope = await engine.BeginWriteAsync(CancellationToken.None);
        await MultiRowInsert.ExecuteAsync(scope, "notifications",
            ["id", "api_key_id", "status", "category", "template", "data", "metadata", "created_at", "send_at"],
            [.. batch.Select(p => p.NotificationRow())], CancellationToken.None);
        await MultiRowInsert.ExecuteAsync(scope, "deliveries", DeliveryColumns,
            [.. batch.SelectMany(p => DeliveryRows(p.Notification.Id, p.Notification.Deliveries, p.Notification.SendAt, p.Notification.CreatedAt))],
            CancellationToken.None);
        await MultiRowInsert.ExecuteAsync(scope, "fanouts", ["notification_id", "topics", "plan"],
            [.. batch.Where(p => p.Notification.Fanout is not null)
                .Select(p => new object?[] { p.Notification.Id, StoredJson.Serialize(p.Notification.Fanout!.Topics), StoredJson.Serialize(p.Notification.Fanout) })],
            CancellationToken.None);
        // A notification whose every delivery was suppressed (and that fans out to no topic) has already ended.
        await NotificationStatus.RefreshAsync(engine, scope,
            batch.Where(p => p.Notification.Fanout is null && p.Notification.Deliveries.All(d => d.Ended))
                .Select(p => p.Notification.Id), batch[0].Notification.CreatedAt.ToUnixMs(), CancellationToken.None);
        foreach (var pending in batch.Where(p => p.AlsoInTransaction is not null))
        {
            await pending.AlsoInTransaction!(scope);
        }
        await engine.AnnounceWorkAsync(scope, CancellationToken.None);
        await scope.CommitAsync(CancellationToken.None);
    }

    private static readonly string[] DeliveryColumns =
        ["id", "notification_id", "channel", "recipient", "content", "status", "due_at", "recipient_id", "last_error"];

    /// <summary>Writes deliveries of one notification inside the caller's transaction (a fan-out batch).</summary>
    public static Task InsertDeliveriesAsync(WriteScope scope, string notificationId, IReadOnlyList<NewDelivery> deliveries, DateTimeOffset? sendAt,
        DateTimeOffset now, CancellationToken cancellationToken) =>
        MultiRowInsert.ExecuteAsync(scope, "deliveries", DeliveryColumns, [.. DeliveryRows(notificationId, deliveries, sendAt, now)], cancellationToken);

    /// <summary>Writes deliveries due now, of any notifications, inside the caller's transaction (outgoing events).</summary>
    public static Task InsertQueuedAsync(WriteScope scope, IReadOnlyList<(string NotificationId, NewDelivery Delivery)> deliveries, long now,
        CancellationToken cancellationToken) =>
        MultiRowInsert.ExecuteAsync(scope, "deliveries", DeliveryColumns,
            [.. deliveries.Select(d => DeliveryRow(d.NotificationId, d.Delivery, DeliveryStatus.Queued, now))], cancellationToken);

    private static IEnumerable<object?[]> DeliveryRows(string notificationId, IReadOnlyList<NewDelivery> deliveries, DateTimeOffset? sendAt, DateTimeOffset createdAt)
    {
        var status = sendAt is null ? DeliveryStatus.Queued : DeliveryStatus.Scheduled;
        var dueAt = (sendAt ?? createdAt).ToUnixMs();
        return deliveries.Select(d => DeliveryRow(notificationId, d, status, dueAt));
    }

    private static object?[] DeliveryRow(string notificationId, NewDelivery d, string status, long dueAt) =>
    [
        d.Id, notificationId, d.Channel, d.To, d.Content,
        d.SuppressedReason is not null ? DeliveryStatus.Suppressed : d.FailedReason is not null ? DeliveryStatus.Failed : status,
        dueAt, d.RecipientId, d.SuppressedReason ?? d.FailedReason,
    ];

    private sealed record Pending(NewNotification Notification, string ApiKeyId, Func<WriteScope, Task>? AlsoInTransaction, TaskCompletionSource Done)
    {
        private bool Scheduled => Notification.SendAt is not null;

        public object?[] NotificationRow()
        {
            var n = Notification;
            return [n.Id, ApiKeyId, Scheduled ? NotificationStatus.Scheduled : NotificationStatus.Accepted, n.Category, n.Template,
                n.Data, n.Metadata, n.CreatedAt.ToUnixMs(), n.SendAt?.ToUnixMs()];
        }
    }
}
