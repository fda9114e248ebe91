namespace Usheru.Notification.Client;

/// <summary>The events a webhook endpoint can subscribe to.</summary>
public static class WebhookEvent
{
    /// <summary>A delivery was sent.</summary>
    public const string DeliverySent = "delivery.sent";

    /// <summary>A delivery failed for good.</summary>
    public const string DeliveryFailed = "delivery.failed";

    /// <summary>Every delivery of a notification ended and at least one was sent.</summary>
    public const string NotificationCompleted = "notification.completed";
}
