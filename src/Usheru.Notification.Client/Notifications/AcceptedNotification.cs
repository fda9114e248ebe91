namespace Usheru.Notification.Client;

/// <summary>
/// The answer to <see cref="INotificationClient.SendAsync"/>: the notification is stored and its
/// deliveries are queued. For recipients and topics, deliveries may be partial while
/// <see cref="Status"/> is <c>accepted</c>.
/// </summary>
/// <param name="Id">The notification id, <c>ntf_…</c>.</param>
/// <param name="Status">See <see cref="NotificationStatus"/>.</param>
/// <param name="CreatedAt">When the service accepted it.</param>
/// <param name="SendAt">When it is scheduled for; null: now.</param>
/// <param name="Deliveries">One per address and channel; empty for a workflow trigger, whose send steps make deliveries as its runs reach them.</param>
public sealed record AcceptedNotification(
    string Id,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SendAt,
    IReadOnlyList<AcceptedDelivery> Deliveries)
{
    /// <summary>For a workflow trigger: the workflow key; otherwise null.</summary>
    public string? Workflow { get; init; }

    /// <summary>
    /// For a workflow trigger: one run per recipient and direct address, as
    /// <see cref="INotificationClient.ListRunsAsync"/> lists them; the runs of a topic's subscribers
    /// start as it fans out and are not here. Null for any other notification.
    /// </summary>
    public IReadOnlyList<AcceptedRun>? Runs { get; init; }
}
