using System.Text;
using System.Text.Json.Nodes;
using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Channels.WebPush;

/// <summary>
/// The <c>push</c> channel: a web push message to one push subscription (<c>psub_…</c>). A
/// subscription the push service reports gone is deleted, so it is not tried again.
/// </summary>
internal sealed class WebPushChannel(PushSubscriptionStore subscriptions, WebPushSender sender) : IChannel
{
    public string Name => "push";

    public async Task<DeliveryOutcome> SendAsync(ClaimedDelivery delivery, CancellationToken cancellationToken)
    {
        if (StoredJson.TryDeserialize<PushContent>(delivery.ContentJson) is not { } content || string.IsNullOrWhiteSpace(content.Title))
            return new DeliveryOutcome.Failed("push content needs a title");
        if (await subscriptions.FindAsync(delivery.To, cancellationToken) is not { } subscription)
            return new DeliveryOutcome.Failed("push subscription no longer exists");

        var outcome = await sender.SendAsync(subscription, Payload(delivery, content), cancellationToken);
        if (outcome == WebPushSender.SubscriptionExpired)
            await subscriptions.DeleteAsync(subscription.Id, cancellationToken);
        return outcome;
    }

    /// <summary>What the service worker's <c>push</c> event reads with <c>event.data.json()</c>.</summary>
    private static byte[] Payload(ClaimedDelivery delivery, PushContent content) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["title"] = content.Title,
        ["body"] = content.Body,
        ["url"] = content.Url,
        ["notificationId"] = delivery.NotificationId,
        ["deliveryId"] = delivery.Id,
    }.ToJsonString(StoredJson.Options));
}
