using System.Collections.Concurrent;
using System.Diagnostics;
using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Storage;
using Usheru.Notification.Api.Suppressions;

namespace Usheru.Notification.Api.Notifications;

/// <summary>
/// Group commit for accepted notifications. Whoever finds fewer writers under way than the engine
/// takes at once (<see cref="IStorageEngine.ConcurrentWriters"/>: one on SQLite) becomes one, and
/// writes everything queued so far in one transaction, and keeps going while more arrives; the
/// others wait for the commit that holds their notification. Alone, a request commits at once;
/// under load, many share one disk flush. Nobody is answered before their own notification is durable.
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
    /// <returns>The notification as written: emails to addresses on the suppression list are suppressed deliveries.</returns>
    public async Task<NewNotification> WriteAsync(NewNotification notification, string apiKeyId, Func<WriteScope, NewNotification, Task>? alsoInTransaction)
    {
        var pending = new Pending(notification, apiKeyId, alsoInTransaction, new(TaskCreationOptions.RunContinuationsAsynchronously));
        queue.Enqueue(pending);
        if (TryBecomeWriter())
        {
            _ = Task.Run(DrainAsync);
        }
        await pending.Done.Task;
        return pending.Notification;
    }

    private async Task DrainAsync()
    {
        // A batch is many requests' work: it runs in none of their traces (it would otherwise run in the first one's).
        Activity.Current = null;
        while (true)
        {
            var batch = new List<Pending>();
            while (batch.Count < MaxBatch && queue.TryDequeue(out var next))
            {
                batch.Add(next);
            }
            if (batch.Count == 0)
            {
                Interlocked.Decrement(ref writing);
                // Something may have been queued after the last look but before the count dropped.
                if (queue.IsEmpty || !TryBecomeWriter())
                {
                    return;
                }
                continue;
            }
            await WriteBatchAsync(batch);
        }
    }

    private bool TryBecomeWriter()
    {
        var writers = Volatile.Read(ref writing);
        while (writers < engine.ConcurrentWriters)
        {
            var seen = Interlocked.CompareExchange(ref writing, writers + 1, writers);
            if (seen == writers)
            {
                return true;
            }
            writers = seen;
        }
        return false;
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
        IReadOnlyList<NewDelivery> all = [.. batch.SelectMany(p => p.Notification.Deliveries)];
        var written = await SuppressionList.ApplyAsync(engine, scope, all, CancellationToken.None);
        if (!ReferenceEquals(written, all))
        {
            var next = 0;
            foreach (var pending in batch)
            {
                var count = pending.Notification.Deliveries.Count;
                pending.Notification = pending.Notification with { Deliveries = [.. written.Skip(next).Take(count)] };
                next += count;
            }
        }
        await MultiRowInsert.ExecuteAsync(scope, "notifications",
            ["id", "api_key_id", "status", "category", "template", "data", "metadata", "created_at", "send_at", "workflow", "trace_context"],
            [.. batch.Select(p => p.NotificationRow())], CancellationToken.None);
        await MultiRowInsert.ExecuteAsync(scope, "deliveries", DeliveryColumns,
            [.. batch.SelectMany(p => DeliveryRows(p.Notification.Id, DeliveryLanes.Of(p.Notification.Category), p.Notification.Deliveries, p.Notification.SendAt,
                p.Notification.CreatedAt))],
            CancellationToken.None);
        await MultiRowInsert.ExecuteAsync(scope, "fanouts", ["notification_id", "topics", "plan"],
            [.. batch.Where(p => p.Notification.Fanout is not null)
                .Select(p => new object?[] { p.Notification.Id, StoredJson.Serialize(p.Notification.Fanout!.Topics), StoredJson.Serialize(p.Notification.Fanout) })],
            CancellationToken.None);
        foreach (var n in batch.Select(p => p.Notification).Where(n => n.Workflow is not null))
        {
            await Workflows.RunWriter.InsertAsync(engine, scope, n.Id, n.Workflow!, n.Runs ?? [], (n.SendAt ?? n.CreatedAt).ToUnixMs(), n.CreatedAt.ToUnixMs(),
                CancellationToken.None);
        }
        // A notification whose every delivery was suppressed (and that fans out to no topic, and runs no workflow) has already ended.
        await NotificationStatus.RefreshAsync(engine, scope,
            batch.Where(p => p.Notification.Fanout is null && p.Notification.Workflow is null && p.Notification.Deliveries.All(d => d.Ended))
                .Select(p => p.Notification.Id), batch[0].Notification.CreatedAt.ToUnixMs(), CancellationToken.None);
        foreach (var pending in batch.Where(p => p.AlsoInTransaction is not null))
        {
            await pending.AlsoInTransaction!(scope, pending.Notification);
        }
        await engine.AnnounceWorkAsync(scope, CancellationToken.None);
        await scope.CommitAsync(CancellationToken.None);
    }

    private static readonly string[] DeliveryColumns =
        ["id", "notification_id", "channel", "recipient", "content", "status", "due_at", "recipient_id", "last_error", "lane"];

    /// <summary>
    /// Writes deliveries of one notification inside the caller's transaction (a fan-out batch, a
    /// workflow step), in the lane of <paramref name="category"/> (<c>transactional</c> or <c>marketing</c>), emails to
    /// suppressed addresses as suppressed deliveries; returns them as written.
    /// </summary>
    public static async Task<IReadOnlyList<NewDelivery>> InsertDeliveriesAsync(IStorageEngine engine, WriteScope scope, string notificationId, string category,
        IReadOnlyList<NewDelivery> deliveries, DateTimeOffset? sendAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var written = await SuppressionList.ApplyAsync(engine, scope, deliveries, cancellationToken);
        await MultiRowInsert.ExecuteAsync(scope, "deliveries", DeliveryColumns, [.. DeliveryRows(notificationId, DeliveryLanes.Of(category), written, sendAt, now)],
            cancellationToken);
        return written;
    }

    /// <summary>Writes deliveries due now, of any notifications, in <paramref name="lane"/>, inside the caller's transaction (outgoing events).</summary>
    public static Task InsertQueuedAsync(WriteScope scope, IReadOnlyList<(string NotificationId, NewDelivery Delivery)> deliveries, DeliveryLane lane,
        long now, CancellationToken cancellationToken) =>
        MultiRowInsert.ExecuteAsync(scope, "deliveries", DeliveryColumns,
            [.. deliveries.Select(d => DeliveryRow(d.NotificationId, lane, d.Delivery, DeliveryStatus.Queued, now))], cancellationToken);

    private static IEnumerable<object?[]> DeliveryRows(string notificationId, DeliveryLane lane, IReadOnlyList<NewDelivery> deliveries, DateTimeOffset? sendAt,
        DateTimeOffset createdAt)
    {
        var status = sendAt is null ? DeliveryStatus.Queued : DeliveryStatus.Scheduled;
        var dueAt = (sendAt ?? createdAt).ToUnixMs();
        return deliveries.Select(d => DeliveryRow(notificationId, lane, d, status, dueAt));
    }

    private static object?[] DeliveryRow(string notificationId, DeliveryLane lane, NewDelivery d, string status, long dueAt) =>
    [
        d.Id, notificationId, d.Channel, d.To, d.Content,
        d.SuppressedReason is not null ? DeliveryStatus.Suppressed : d.FailedReason is not null ? DeliveryStatus.Failed : status,
        dueAt, d.RecipientId, d.SuppressedReason ?? d.FailedReason, (int)lane,
    ];

    private sealed record Pending(NewNotification Written, string ApiKeyId, Func<WriteScope, NewNotification, Task>? AlsoInTransaction, TaskCompletionSource Done)
    {
        /// <summary>The notification as it is (or will be) written, suppressions applied.</summary>
        public NewNotification Notification { get; set; } = Written;

        private bool Scheduled => Notification.SendAt is not null;

        public object?[] NotificationRow()
        {
            var n = Notification;
            return [n.Id, ApiKeyId, Scheduled ? NotificationStatus.Scheduled : NotificationStatus.Accepted, n.Category, n.Template,
                n.Data, n.Metadata, n.CreatedAt.ToUnixMs(), n.SendAt?.ToUnixMs(), n.Workflow?.Key, n.TraceContext];
        }
    }
}
