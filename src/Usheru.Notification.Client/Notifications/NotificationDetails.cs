using System.Text.Json.Nodes;

namespace Usheru.Notification.Client;

/// <summary>A notification and how its deliveries are going.</summary>
/// <param name="Id">The notification id, <c>ntf_…</c>.</param>
/// <param name="Status">See <see cref="NotificationStatus"/>.</param>
/// <param name="Category">See <see cref="NotificationCategory"/>.</param>
/// <param name="Template">The stored template it used; null for inline content and for a workflow trigger.</param>
/// <param name="CreatedAt">When the service accepted it.</param>
/// <param name="SendAt">When it was scheduled for; null: at once.</param>
/// <param name="Metadata">The caller's metadata, as sent.</param>
/// <param name="Deliveries">One per address and channel; null in lists, which leave them out.</param>
public sealed record NotificationDetails(
    string Id,
    string Status,
    string Category,
    string? Template,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SendAt,
    JsonObject Metadata,
    IReadOnlyList<DeliveryDetails>? Deliveries)
{
    /// <summary>For a workflow trigger: the workflow key (its runs: <see cref="INotificationClient.ListRunsAsync"/>); otherwise null.</summary>
    public string? Workflow { get; init; }
}
