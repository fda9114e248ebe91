namespace Usheru.Notification.Api.Channels.Email;

/// <summary>The <c>Email</c> configuration section.</summary>
internal sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>The sender address of every email.</summary>
    public string From { get; set; } = "notifications@usheru.com";

    /// <summary>Where <c>.eml</c> files go when no SMTP host is configured.</summary>
    public string PickupDirectory { get; set; } = "data/outbox";

    /// <summary>The right-hand side of <c>Message-ID: &lt;{deliveryId}@{domain}&gt;</c>.</summary>
    public string MessageIdDomain { get; set; } = "notification.usheru.com";

    public SmtpOptions Smtp { get; set; } = new();
}
