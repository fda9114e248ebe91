using Microsoft.Extensions.Options;
using MimeKit;
using Usheru.Notification.Api.Delivery;

namespace Usheru.Notification.Api.Channels.Email;

/// <summary>
/// Turns a delivery and its rendered content into the MIME message that goes out. Headers that
/// depend on the delivery's category (the marketing <c>List-Unsubscribe</c> and
/// <c>List-Unsubscribe-Post</c> pair of RFC 8058) belong here, beside the tracking headers.
/// </summary>
internal sealed class EmailMessageFactory(IOptions<EmailOptions> options, TimeProvider time)
{
    private readonly EmailOptions _options = options.Value;

    public MimeMessage Create(ClaimedDelivery delivery, EmailContent content, MailboxAddress to)
    {
        var body = new BodyBuilder { TextBody = content.Text, HtmlBody = content.Html };
        var message = new MimeMessage
        {
            Subject = content.Subject,
            Date = time.GetUtcNow(),
            // Stable across retries, so receivers can drop the duplicates a crash may cause.
            MessageId = $"{delivery.Id}@{_options.MessageIdDomain}",
            Body = body.ToMessageBody(),
        };
        // A fresh address per message: MimeKit address lists subscribe to their addresses' events.
        message.From.Add(MailboxAddress.Parse(_options.From));
        message.To.Add(to);
        message.Headers.Add("X-Notification-Id", delivery.NotificationId);
        message.Headers.Add("X-Delivery-Id", delivery.Id);
        if (_options.SesConfigurationSet is { Length: > 0 } configurationSet)
        {
            // SES publishes this message's bounce, complaint and delivery events through the set (Providers/Ses).
            message.Headers.Add("X-SES-CONFIGURATION-SET", configurationSet);
        }
        if (content.UnsubscribeUrl is { } unsubscribe)
        {
            // RFC 8058: mail clients show an unsubscribe button that POSTs to the link, no page needed.
            message.Headers.Add("List-Unsubscribe", $"<{unsubscribe}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        return message;
    }
}
