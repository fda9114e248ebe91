using Dapper;
using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Events;
using Usheru.Notification.Api.Storage;
using Usheru.Notification.Api.Workflows;

namespace Usheru.Notification.Api.Notifications;

/// <summary>
/// A notification's status follows from its deliveries. It is stored (so lists can filter on it)
/// and refreshed in the same transaction as any change to those deliveries. While a fan-out to
/// topics is still adding deliveries, it stays as accepted (or scheduled). Outgoing events are
/// deliveries too, but not the notification's: they never count. A workflow trigger is processing
/// while any of its runs is unfinished or any delivery they made is pending; then it is completed,
/// unless every run failed (failed) or was cancelled or replaced (cancelled).
/// </summary>
internal static class NotificationStatus
{
    public const string Accepted = "accepted";
    public const string Scheduled = "scheduled";
    public const string Processing = "processing";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static readonly string[] All = [Accepted, Scheduled, Processing, Completed, Failed, Cancelled];

    /// <summary>
    /// Refreshes the stored statuses and queues <c>notification.completed</c> for each notification
    /// that this change ended (completed or failed).
    /// </summary>
    public static async Task RefreshAsync(IStorageEngine engine, WriteScope scope, IEnumerable<string> notificationIds, long now,
        CancellationToken cancellationToken)
    {
        var ids = notificationIds.ToArray();
        if (ids.Length == 0)
        {
            return;
        }
        // Locked first (in one order, against deadlocks): two transactions ending the last two
        // deliveries of one notification then run the update below one after the other, each
        // seeing the other's delivery, rather than both judging from a snapshot that misses it.
        var before = (await scope.Connection.QueryAsync<(string Id, string Status)>(new CommandDefinition(
            $"SELECT id, status FROM notifications WHERE id {engine.InList("@ids")} ORDER BY id {engine.RowLockClause}",
            new { ids }, scope.Transaction, cancellationToken: cancellationToken))).ToDictionary(n => n.Id, n => n.Status);
        var after = await scope.Connection.QueryAsync<(string Id, string Status)>(new CommandDefinition($"""
            UPDATE notifications SET status = CASE
                WHEN EXISTS (SELECT 1 FROM fanouts f WHERE f.notification_id = notifications.id AND f.done_at IS NULL) THEN status
                WHEN EXISTS (SELECT 1 FROM workflow_runs r WHERE r.notification_id = notifications.id AND r.status IN {RunStatus.Unfinished})
                    THEN CASE WHEN status IN ('accepted', 'scheduled') THEN status ELSE 'processing' END
                WHEN EXISTS (SELECT 1 FROM deliveries d WHERE d.notification_id = notifications.id AND d.channel <> '{EventChannel.Name}'
                              AND d.status IN ('queued', 'scheduled', 'sending', 'retrying')) THEN 'processing'
                WHEN workflow IS NOT NULL THEN CASE
                    WHEN NOT EXISTS (SELECT 1 FROM workflow_runs r WHERE r.notification_id = notifications.id AND r.status <> 'failed') THEN 'failed'
                    WHEN NOT EXISTS (SELECT 1 FROM workflow_runs r WHERE r.notification_id = notifications.id AND r.status NOT IN ('cancelled', 'replaced'))
                        THEN 'cancelled'
                    ELSE 'completed' END
                WHEN EXISTS (SELECT 1 FROM deliveries d WHERE d.notification_id = notifications.id AND d.status IN {DeliveryStatus.SentOrLaterSql} AND d.channel <> '{EventChannel.Name}') THEN 'completed'
                WHEN EXISTS (SELECT 1 FROM deliveries d WHERE d.notification_id = notifications.id AND d.status = 'cancelled' AND d.channel <> '{EventChannel.Name}') THEN 'cancelled'
                ELSE 'failed' END
             WHERE id {engine.InList("@ids")}
            RETURNING id, status
            """, new { ids }, scope.Transaction, cancellationToken: cancellationToken));
        var ended = after.Where(n => n.Status is Completed or Failed && before.GetValueOrDefault(n.Id) != n.Status).Select(n => n.Id).ToArray();
        await OutgoingEvents.NotificationsEndedAsync(engine, scope, ended, now, cancellationToken);
    }
}
