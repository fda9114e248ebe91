namespace Usheru.Notification.Api.Notifications;

/// <summary>The 202 body of <c>POST /v1/notifications</c>.</summary>
internal sealed record AcceptedNotification(string Id, string Status, DateTimeOffset CreatedAt, DateTimeOffset? SendAt, IReadOnlyList<AcceptedDelivery> Deliveries)
{
    public static AcceptedNotification From(NewNotification n) => new(
        n.Id,
        n.Fanout is null && n.Deliveries.All(d => d.Ended) ? NotificationStatus.Failed
            : n.SendAt is null ? NotificationStatus.Accepted : NotificationStatus.Scheduled,
        n.CreatedAt,
        n.SendAt,
        [.. n.Deliveries.Select(d => new AcceptedDelivery(d.Id, d.Channel, d.To,
            d.SuppressedReason is not null ? "suppressed" : d.FailedReason is not null ? "failed" : n.SendAt is null ? "queued" : "scheduled"))]);
}

internal sealed record AcceptedDelivery(string Id, string Channel, string To, string Status);
