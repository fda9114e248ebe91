using Usheru.Notification.Api.Delivery;

namespace Usheru.Notification.Api.Channels.Webhook;

internal static class WebhookChannelExtensions
{
    /// <summary>The <c>webhook</c> channel and the guarded HTTP transport it sends through.</summary>
    public static IHostApplicationBuilder AddWebhookChannel(this IHostApplicationBuilder builder)
    {
        builder.AddWebhookTransport();
        builder.Services.AddSingleton<IChannel, WebhookChannel>();
        return builder;
    }
}
