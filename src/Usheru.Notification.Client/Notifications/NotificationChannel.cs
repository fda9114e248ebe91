namespace Usheru.Notification.Client;

/// <summary>The channel names, as in <see cref="SendNotification.Channels"/>, deliveries and preferences.</summary>
public static class NotificationChannel
{
    /// <summary>Email over SMTP.</summary>
    public const string Email = "email";

    /// <summary>SMS.</summary>
    public const string Sms = "sms";

    /// <summary>Web push to the recipient's browsers.</summary>
    public const string Push = "push";

    /// <summary>The recipient's in-app inbox.</summary>
    public const string Inbox = "inbox";

    /// <summary>A signed HTTP request to a registered webhook endpoint.</summary>
    public const string Webhook = "webhook";
}
