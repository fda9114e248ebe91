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
}
