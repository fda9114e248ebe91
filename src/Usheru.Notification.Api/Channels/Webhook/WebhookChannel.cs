using System.Text.Json.Nodes;
using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Channels.Webhook;

/// <summary>
/// The <c>webhook</c> channel: posts the notification to a registered endpoint, signed with that
/// endpoint's secret, with the delivery id as the <c>webhook-id</c> on every attempt.
/// </summary>
internal sealed class WebhookChannel(WebhookEndpointSender sender) : IChannel
{
    public string Name => "webhook";

    public Task<DeliveryOutcome> SendAsync(ClaimedDelivery delivery, CancellationToken cancellationToken) =>
        sender.SendAsync(delivery.To, delivery.Id, Body(delivery), delivery.TraceContext, cancellationToken);

    /// <summary>The same bytes on every attempt, so a receiver sees one message, retried.</summary>
    private static byte[] Body(ClaimedDelivery delivery) => System.Text.Encoding.UTF8.GetBytes(new JsonObject
    {
        ["type"] = "notification",
        ["notificationId"] = delivery.NotificationId,
        ["deliveryId"] = delivery.Id,
        ["template"] = delivery.Template,
        ["category"] = delivery.Category,
        ["data"] = JsonNode.Parse(delivery.DataJson),
        ["payload"] = StoredJson.Deserialize<WebhookContent>(delivery.ContentJson).Payload,
        ["metadata"] = JsonNode.Parse(delivery.MetadataJson),
        ["timestamp"] = UtcTimestampConverter.Format(delivery.CreatedAt),
    }.ToJsonString(StoredJson.Options));
}
