using Usheru.Notification.Api.Channels.WebPush;
using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Channels.Inbox;

/// <summary>
/// The <c>inbox</c> channel: the message becomes an item in the recipient's in-app inbox, and every
/// open stream of theirs, on any instance, hears of it. The item id follows from the delivery id,
/// so a delivery tried twice leaves one item.
/// </summary>
internal sealed class InboxChannel(InboxStore store, InboxBroadcaster broadcaster, TimeProvider time) : IChannel
{
    public string Name => "inbox";

    public async Task<DeliveryOutcome> SendAsync(ClaimedDelivery delivery, CancellationToken cancellationToken)
    {
        var content = StoredJson.Deserialize<PushContent>(delivery.ContentJson);
        var item = new InboxItem($"{Ids.InboxItem}_{delivery.Id[(Ids.Delivery.Length + 1)..]}", delivery.NotificationId,
            content.Title, content.Body, content.Url, time.GetUtcNow(), null);
        if (!await store.AddAsync(delivery.To, item, cancellationToken))
        {
            return new DeliveryOutcome.Failed("recipient no longer exists");
        }
        broadcaster.Publish(delivery.To, item.Id);
        return new DeliveryOutcome.Sent(item.Id);
    }
}
