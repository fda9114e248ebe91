namespace Usheru.Notification.Api.Delivery;

/// <summary>
/// A delivery as a worker holds it between claim and completion. <see cref="ContentJson"/> is the
/// content already rendered for this one recipient, in the shape the channel defines
/// (for example <c>EmailContent</c>), so a worker never renders and never fails on a template.
/// <see cref="FromWorkflow"/>: a workflow run's send step made it, and its run may wait for its end.
/// </summary>
internal sealed record ClaimedDelivery(
    string Id,
    string NotificationId,
    string Channel,
    string To,
    string ContentJson,
    int Attempt,
    Guid LeaseToken,
    string Category,
    string? Template,
    string DataJson,
    string MetadataJson,
    DateTimeOffset CreatedAt,
    bool FromWorkflow = false);
