using System.Text.Json.Nodes;
using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Storage;
using Usheru.Notification.Api.WebhookEndpoints;

namespace Usheru.Notification.Api.Channels.Webhook;

/// <summary>
/// The <c>webhook</c> channel: posts the notification to a registered endpoint, signed with that
/// endpoint's secret, with the delivery id as the <c>webhook-id</c> on every attempt. An endpoint
/// that answers 410 Gone is disabled.
/// </summary>
internal sealed class WebhookChannel(WebhookEndpointStore endpoints, WebhookSender sender) : IChannel
{
    public string Name => "webhook";

    public async Task<DeliveryOutcome> SendAsync(ClaimedDelivery delivery, CancellationToken cancellationToken)
    {
        var endpoint = await endpoints.GetAsync(delivery.To, cancellationToken);
        if (endpoint is null || endpoint.DisabledAt is not null)
        {
            return new DeliveryOutcome.Failed($"webhook endpoint {(endpoint is null ? "was deleted" : "is disabled")}");
        }
        var outcome = await sender.SendAsync(endpoint.Url, endpoint.Secret, delivery.Id, Body(delivery), cancellationToken);
        if (outcome == WebhookSender.EndpointGone)
        {
            await endpoints.DisableAsync(endpoint.Id, cancellationToken);
        }
        return outcome;
    }

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
