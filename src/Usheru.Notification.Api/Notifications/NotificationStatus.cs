using Dapper;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Notifications;

/// <summary>
/// A notification's status follows from its deliveries. It is stored (so lists can filter on it)
/// and refreshed in the same transaction as any change to those deliveries. While a fan-out to
/// topics is still adding deliveries, it stays as accepted (or scheduled).
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

    public static async Task RefreshAsync(IStorageEngine engine, WriteScope scope, IEnumerable<string> notificationIds, CancellationToken cancellationToken)
    {
        var ids = notificationIds.ToArray();
        if (ids.Length == 0)
        {
            return;
        }
        await scope.Connection.ExecuteAsync(new CommandDefinition($"""
            UPDATE notifications SET status = CASE
                WHEN EXISTS (SELECT 1 FROM fanouts f WHERE f.notification_id = notifications.id AND f.done_at IS NULL) THEN status
                WHEN EXISTS (SELECT 1 FROM deliveries d WHERE d.notification_id = notifications.id
                              AND d.status IN ('queued', 'scheduled', 'sending', 'retrying')) THEN 'processing'
                WHEN EXISTS (SELECT 1 FROM deliveries d WHERE d.notification_id = notifications.id AND d.status = 'sent') THEN 'completed'
                WHEN EXISTS (SELECT 1 FROM deliveries d WHERE d.notification_id = notifications.id AND d.status = 'cancelled') THEN 'cancelled'
                ELSE 'failed' END
             WHERE id {engine.InList("@ids")}
            """, new { ids }, scope.Transaction, cancellationToken: cancellationToken));
    }
}
