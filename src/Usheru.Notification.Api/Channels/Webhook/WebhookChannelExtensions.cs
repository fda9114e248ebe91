using Usheru.Notification.Api.Events;
using Usheru.Notification.Api.Delivery;

namespace Usheru.Notification.Api.Channels.Webhook;

internal static class WebhookChannelExtensions
{
    /// <summary>
    /// The <c>webhook</c> channel, the internal <c>event</c> channel that carries outgoing events to
    /// subscribed endpoints, and the guarded HTTP transport both send through.
    /// </summary>
    public static IHostApplicationBuilder AddWebhookChannel(this IHostApplicationBuilder builder)
    {
        builder.AddWebhookTransport();
        builder.Services.AddSingleton<WebhookEndpointSender>();
        builder.Services.AddSingleton<IChannel, WebhookChannel>();
        builder.Services.AddSingleton<IChannel, EventChannel>();
        return builder;
    }
}
