using MimeKit;
using Usheru.Notification.Api.Delivery;

namespace Usheru.Notification.Api.Channels.Email;

/// <summary>How a finished email leaves the service: an SMTP server or the pickup directory.</summary>
internal interface IEmailTransport
{
    /// <summary>Hands one message over. Expected failures come back as an outcome, never as an exception.</summary>
    Task<DeliveryOutcome> SendAsync(string deliveryId, MimeMessage message, CancellationToken cancellationToken);
}
