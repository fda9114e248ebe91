using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Channels.Sms;

/// <summary>The <c>sms</c> channel: a text to an E.164 phone number, sent through Twilio.</summary>
internal sealed class SmsChannel(TwilioSender twilio) : IChannel
{
    public string Name => "sms";

    public async Task<DeliveryOutcome> SendAsync(ClaimedDelivery delivery, CancellationToken cancellationToken)
    {
        if (StoredJson.TryDeserialize<SmsContent>(delivery.ContentJson)?.Text is not { } text || string.IsNullOrWhiteSpace(text))
            return new DeliveryOutcome.Failed("sms content needs a text");
        if (!PhoneNumber.IsE164(delivery.To))
            return new DeliveryOutcome.Failed("recipient is not an E.164 phone number");
        return await twilio.SendAsync(delivery.To, text, cancellationToken);
    }
}
