namespace Usheru.Notification.Client;

/// <summary>The values of a notification's <c>status</c>.</summary>
public static class NotificationStatus
{
    /// <summary>Stored; deliveries are being expanded or queued.</summary>
    public const string Accepted = "accepted";

    /// <summary>Waiting for its <c>sendAt</c>.</summary>
    public const string Scheduled = "scheduled";

    /// <summary>Some deliveries have not ended yet.</summary>
    public const string Processing = "processing";

    /// <summary>Every delivery ended and at least one was sent.</summary>
    public const string Completed = "completed";

    /// <summary>Every delivery ended and none was sent.</summary>
    public const string Failed = "failed";

    /// <summary>Cancelled before anything was sent.</summary>
    public const string Cancelled = "cancelled";
}
