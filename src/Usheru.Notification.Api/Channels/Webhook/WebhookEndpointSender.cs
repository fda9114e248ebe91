using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.WebhookEndpoints;

namespace Usheru.Notification.Api.Channels.Webhook;

/// <summary>
/// Sends one signed message to a registered endpoint, whatever it carries (a notification or an
/// event): a deleted or disabled endpoint fails the delivery, and one that answers 410 Gone is
/// disabled.
/// </summary>
internal sealed class WebhookEndpointSender(WebhookEndpointStore endpoints, WebhookSender sender)
{
    /// <param name="messageId">The delivery id: the <c>webhook-id</c> of every attempt.</param>
    /// <param name="traceContext">The trace context stored with the delivery's notification.</param>
    public async Task<DeliveryOutcome> SendAsync(string endpointId, string messageId, byte[] body, string? traceContext, CancellationToken cancellationToken)
    {
        var endpoint = await endpoints.GetAsync(endpointId, cancellationToken);
        if (endpoint is null || endpoint.DisabledAt is not null)
        {
            return new DeliveryOutcome.Failed($"webhook endpoint {(endpoint is null ? "was deleted" : "is disabled")}");
        }
        var outcome = await sender.SendAsync(endpoint.Url, endpoint.Secret, messageId, body, traceContext, cancellationToken);
        if (outcome == WebhookSender.EndpointGone)
        {
            await endpoints.DisableAsync(endpoint.Id, cancellationToken);
        }
        return outcome;
    }
}
