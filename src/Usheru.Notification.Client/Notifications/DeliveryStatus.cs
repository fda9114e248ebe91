namespace Usheru.Notification.Client;

/// <summary>The values of a delivery's <c>status</c>.</summary>
public static class DeliveryStatus
{
    /// <summary>Waiting for a worker.</summary>
    public const string Queued = "queued";

    /// <summary>Waiting for the notification's <c>sendAt</c>.</summary>
    public const string Scheduled = "scheduled";

    /// <summary>Being sent now.</summary>
    public const string Sending = "sending";

    /// <summary>Failed for now; tried again at <see cref="DeliveryDetails.NextAttemptAt"/>.</summary>
    public const string Retrying = "retrying";

    /// <summary>Handed to the provider or receiver.</summary>
    public const string Sent = "sent";

    /// <summary>Failed for good.</summary>
    public const string Failed = "failed";

    /// <summary>Cancelled before sending.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>Blocked by the recipient's preferences, an unsubscribe, or a missing address.</summary>
    public const string Suppressed = "suppressed";
}
