namespace Usheru.Notification.Api.Channels.Email;

/// <summary>The <c>Email</c> configuration section.</summary>
internal sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>The sender address of every email.</summary>
    public string From { get; set; } = "notifications@usheru.com";

    public const string DefaultPickupDirectory = "data/outbox";

    /// <summary>
    /// Where <c>.eml</c> files go when no SMTP host is configured (<see cref="DefaultPickupDirectory"/>
    /// when unset). In Production it must be set explicitly, or SMTP configured: see <see cref="EmailChannelExtensions"/>.
    /// </summary>
    public string? PickupDirectory { get; set; }

    /// <summary>
    /// The Amazon SES configuration set named in every email's <c>X-SES-CONFIGURATION-SET</c> header:
    /// its event destination publishes the bounces, complaints and deliveries this service reads
    /// back. None: no header.
    /// </summary>
    public string? SesConfigurationSet { get; set; }

    /// <summary>The right-hand side of <c>Message-ID: &lt;{deliveryId}@{domain}&gt;</c>.</summary>
    public string MessageIdDomain { get; set; } = "notification.usheru.com";

    public SmtpOptions Smtp { get; set; } = new();
}
