namespace Usheru.Notification.Client;

/// <summary>
/// Content per channel, every string a Liquid template rendered with the notification's data and
/// <c>recipient.*</c>: the inline <c>content</c> of a notification, and the <c>channels</c> (and each
/// locale) of a stored template.
/// </summary>
/// <param name="Email">The email, if the content has one.</param>
/// <param name="Sms">The SMS, if the content has one.</param>
/// <param name="Push">The web push message, if the content has one.</param>
/// <param name="Inbox">The in-app inbox item, if the content has one.</param>
/// <param name="Webhook">The webhook payload, if the content has one.</param>
public sealed record ChannelContent(
    EmailContent? Email = null,
    SmsContent? Sms = null,
    MessageContent? Push = null,
    MessageContent? Inbox = null,
    WebhookContent? Webhook = null);
