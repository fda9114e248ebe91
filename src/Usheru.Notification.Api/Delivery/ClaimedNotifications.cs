using Dapper;
using Usheru.Notification.Api.Events;
using Usheru.Notification.Api.Notifications;
using Usheru.Notification.Api.Storage;
using Usheru.Notification.Api.Suppressions;

namespace Usheru.Notification.Api.Delivery;

/// <summary>The notification side of a claim, in its transaction.</summary>
internal static class ClaimedNotifications
{
    /// <summary>
    /// Marks the notifications of the claimed deliveries as processing (once their fan-out is done;
    /// outgoing events start nothing) and joins what a channel needs from them. Emails to an address
    /// listed since they were written come with the reason (one primary-key lookup per claim).
    /// </summary>
    public static async Task<IReadOnlyList<ClaimedDelivery>> StartAsync(IStorageEngine engine, WriteScope scope, List<ClaimRow> rows, ClaimLease lease,
        CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return [];
        }
        var notificationIds = rows.Select(r => r.NotificationId).Distinct().ToArray();
        var starting = rows.Where(r => r.Channel != EventChannel.Name).Select(r => r.NotificationId).Distinct().ToArray();
        var notifications = (await scope.Connection.QueryAsync<NotificationRow>(new CommandDefinition(
            $"SELECT id, status, category, template, data, metadata, created_at, workflow, trace_context FROM notifications WHERE id {engine.InList("@notificationIds")}",
            new { notificationIds }, scope.Transaction, cancellationToken: cancellationToken))).ToDictionary(n => n.Id);
        // A notification that is processing already (the rest of a large one) needs no update: one round trip less per claim.
        starting = [.. starting.Where(id => notifications[id].Status is NotificationStatus.Accepted or NotificationStatus.Scheduled)];
        if (starting.Length > 0)
        {
            await scope.Connection.ExecuteAsync(new CommandDefinition(
                $"""
                UPDATE notifications SET status = 'processing' WHERE id {engine.InList("@starting")} AND status IN ('accepted', 'scheduled')
                   AND NOT EXISTS (SELECT 1 FROM fanouts f WHERE f.notification_id = notifications.id AND f.done_at IS NULL)
                """,
                new { starting }, scope.Transaction, cancellationToken: cancellationToken));
        }
        var listed = await SuppressionList.ListedAsync(engine, scope, rows.Where(r => r.Channel == "email").Select(r => r.Recipient), cancellationToken);
        return [.. rows.Select(r =>
        {
            var n = notifications[r.NotificationId];
            var suppressed = r.Channel == "email" && listed.TryGetValue(Suppression.Normalize(r.Recipient), out var reason) ? SuppressionList.Reason(reason) : null;
            return new ClaimedDelivery(r.Id, r.NotificationId, r.Channel, r.Recipient, r.Content, (int)r.Attempts, lease.Token,
                n.Category, n.Template, n.Data, n.Metadata, UnixTime.FromUnixMs(n.CreatedAt), r.NotBefore, n.Workflow is not null, n.TraceContext,
                suppressed);
        })];
    }

    private sealed class NotificationRow
    {
        public string Id { get; init; } = "";
        public string Status { get; init; } = "";
        public string Category { get; init; } = "";
        public string? Template { get; init; }
        public string Data { get; init; } = "";
        public string Metadata { get; init; } = "";
        public long CreatedAt { get; init; }
        public string? Workflow { get; init; }
        public string? TraceContext { get; init; }
    }
}
