namespace Usheru.Notification.Api.Delivery;

/// <summary>A delivery row as a claim statement returns it.</summary>
internal sealed class ClaimRow
{
    public string Id { get; init; } = "";
    public string NotificationId { get; init; } = "";
    public string Channel { get; init; } = "";
    public string Recipient { get; init; } = "";
    public string Content { get; init; } = "";
    public long Attempts { get; init; }

    /// <summary>Set by a capped claim: when the delivery may be sent, its token's paced time.</summary>
    public DateTimeOffset? NotBefore { get; set; }
}
