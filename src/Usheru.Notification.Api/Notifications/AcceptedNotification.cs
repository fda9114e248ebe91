using System.Text.Json.Serialization;

namespace Usheru.Notification.Api.Notifications;

/// <summary>The 202 body of <c>POST /v1/notifications</c>.</summary>
internal sealed record AcceptedNotification(
    string Id,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SendAt,
    IReadOnlyList<AcceptedDelivery> Deliveries,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Workflow = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<AcceptedRun>? Runs = null)
{
    public static AcceptedNotification From(NewNotification n) => new(
        n.Id,
        n.Fanout is null && n.Workflow is null && n.Deliveries.All(d => d.Ended) ? NotificationStatus.Failed
            : n.SendAt is null ? NotificationStatus.Accepted : NotificationStatus.Scheduled,
        n.CreatedAt,
        n.SendAt,
        [.. n.Deliveries.Select(d => new AcceptedDelivery(d.Id, d.Channel, d.To,
            d.SuppressedReason is not null ? "suppressed" : d.FailedReason is not null ? "failed" : n.SendAt is null ? "queued" : "scheduled"))],
        n.Workflow?.Key,
        n.Runs?.Select(r => new AcceptedRun(r.Id, r.Address.RecipientId, r.Address.DirectTo)).ToList());
}

/// <summary>A run a workflow trigger started: for a stored recipient, or for an address given directly.</summary>
internal sealed record AcceptedRun(
    string Id,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RecipientId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? To);

internal sealed record AcceptedDelivery(string Id, string Channel, string To, string Status);
