using System.Text.Json;
using MimeKit;
using Usheru.Notification.Api.Delivery;

namespace Usheru.Notification.Api.Channels.Email;

/// <summary>The <c>email</c> channel: checks what a delivery holds, builds the message and hands it to the transport.</summary>
internal sealed class EmailChannel(EmailMessageFactory messages, IEmailTransport transport) : IChannel
{
    public string Name => "email";

    public async Task<DeliveryOutcome> SendAsync(ClaimedDelivery delivery, CancellationToken cancellationToken)
    {
        if (ReadContent(delivery.ContentJson) is not { } content)
            return new DeliveryOutcome.Failed("email content needs a subject and a text or html body");
        if (!MailboxAddress.TryParse(delivery.To, out var to) || string.IsNullOrEmpty(to.Domain))
            return new DeliveryOutcome.Failed("recipient is not an email address");
        if (content.ToName is not null)
            to.Name = content.ToName;

        using var message = messages.Create(delivery, content, to);
        return await transport.SendAsync(delivery.Id, message, cancellationToken);
    }

    private static EmailContent? ReadContent(string json)
    {
        try
        {
            var content = JsonSerializer.Deserialize<EmailContent>(json, JsonSerializerOptions.Web);
            var hasBody = !string.IsNullOrEmpty(content?.Text) || !string.IsNullOrEmpty(content?.Html);
            return content?.Subject is not null && hasBody ? content : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
