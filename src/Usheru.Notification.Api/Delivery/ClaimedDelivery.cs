namespace Usheru.Notification.Api.Delivery;

/// <summary>
/// A delivery as a worker holds it between claim and completion. <see cref="ContentJson"/> is the
/// content already rendered for this one recipient, in the shape the channel defines
/// (for example <c>EmailContent</c>), so a worker never renders and never fails on a template.
/// <see cref="FromWorkflow"/>: a workflow run's send step made it, and its run may wait for its end.
/// <see cref="NotBefore"/>, on a capped channel, is the time of the token it was claimed with: sent
/// then, the channel's sends keep the rate whenever and in whatever batches they were claimed.
/// <see cref="TraceContext"/>: the trace its notification was accepted in (<see cref="Tracing.TraceContext"/>).
/// <see cref="SuppressedReason"/>: an email whose address was put on the suppression list after the
/// delivery was written; the worker ends it <c>suppressed</c> with this reason and sends nothing.
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
    DateTimeOffset? NotBefore = null,
    bool FromWorkflow = false,
    string? TraceContext = null,
    string? SuppressedReason = null);
