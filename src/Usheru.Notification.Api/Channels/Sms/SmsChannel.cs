using System.Text.Json;
using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Channels.Sms;

/// <summary>The <c>sms</c> channel: a text to an E.164 phone number, sent through Twilio.</summary>
internal sealed class SmsChannel(TwilioSender twilio) : IChannel
{
    public string Name => "sms";

    public async Task<DeliveryOutcome> SendAsync(ClaimedDelivery delivery, CancellationToken cancellationToken)
    {
        if (ReadText(delivery.ContentJson) is not { } text)
            return new DeliveryOutcome.Failed("sms content needs a text");
        if (!PhoneNumber.IsE164(delivery.To))
            return new DeliveryOutcome.Failed("recipient is not an E.164 phone number");
        return await twilio.SendAsync(delivery.To, text, cancellationToken);
    }

    private static string? ReadText(string json)
    {
        try
        {
            return StoredJson.Deserialize<SmsContent>(json).Text is { } text && !string.IsNullOrWhiteSpace(text) ? text : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
