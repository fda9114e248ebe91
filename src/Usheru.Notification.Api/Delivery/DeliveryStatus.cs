namespace Usheru.Notification.Api.Delivery;

/// <summary>The delivery states of the API contract.</summary>
internal static class DeliveryStatus
{
    public const string Queued = "queued";
    public const string Scheduled = "scheduled";
    public const string Sending = "sending";
    public const string Retrying = "retrying";
    public const string Sent = "sent";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
    public const string Suppressed = "suppressed";

    // After sent, from the provider's feedback (Providers/): in this order, never backwards.
    public const string Delivered = "delivered";
    public const string Bounced = "bounced";
    public const string Complained = "complained";

    /// <summary>Sent, and what the provider said about it since: the statuses in which a delivery counts as sent.</summary>
    public static readonly string[] SentOrLater = [Sent, Delivered, Bounced, Complained];

    /// <summary><see cref="SentOrLater"/> as an SQL list.</summary>
    public const string SentOrLaterSql = "('sent', 'delivered', 'bounced', 'complained')";
}
