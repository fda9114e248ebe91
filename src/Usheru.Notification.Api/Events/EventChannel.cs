using System.Text;
using Usheru.Notification.Api.Channels.Webhook;
using Usheru.Notification.Api.Delivery;

namespace Usheru.Notification.Api.Events;

/// <summary>
/// The internal <c>event</c> channel: posts a queued event (its body is the delivery's content,
/// fixed when it was queued) to the endpoint that subscribed to it. Its deliveries hang off the
/// notification they report on, but that notification's status, counts and delivery lists leave
/// them out.
/// </summary>
internal sealed class EventChannel(WebhookEndpointSender sender) : IChannel
{
    public const string Name = "event";

    string IChannel.Name => Name;

    public Task<DeliveryOutcome> SendAsync(ClaimedDelivery delivery, CancellationToken cancellationToken) =>
        sender.SendAsync(delivery.To, delivery.Id, Encoding.UTF8.GetBytes(delivery.ContentJson), delivery.TraceContext, cancellationToken);
}
