using Microsoft.Extensions.DependencyInjection.Extensions;
using Usheru.Notification.Api.Channels.Webhook;
using Usheru.Notification.Api.Delivery;

namespace Usheru.Notification.Api.Channels.WebPush;

internal static class WebPushChannelExtensions
{
    /// <summary>
    /// Adds the <c>push</c> channel, the push subscription store and the VAPID keys: the configured
    /// pair, or one generated on first use and shared by every instance through the database.
    /// </summary>
    public static IHostApplicationBuilder AddWebPushChannel(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WebPushOptions>()
            .BindConfiguration(WebPushOptions.Section)
            .Validate(o => IsContact(o.Subject), "WebPush:Subject must be a mailto: or https: URL.")
            .Validate(o => o.ConfiguredKeys?.IsValid() ?? true,
                "WebPush:PublicKey and WebPush:PrivateKey must be set together, as a P-256 key pair in base64url, or neither.")
            .Validate(o => o.TimeToLiveSeconds is >= 0 and <= WebPushOptions.MaxTimeToLiveSeconds,
                $"WebPush:TimeToLiveSeconds must be between 0 and {WebPushOptions.MaxTimeToLiveSeconds}.")
            .ValidateOnStart();

        // Push endpoints come from browsers: they go through the webhooks' guarded client, refused on private networks.
        builder.AddWebhookTransport();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PushSubscriptionStore>();
        services.AddSingleton<VapidKeyStore>();
        services.AddSingleton<WebPushSender>();
        services.AddSingleton<IChannel, WebPushChannel>();
        return builder;
    }

    private static bool IsContact(string subject) =>
        Uri.TryCreate(subject, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeMailto || url.Scheme == Uri.UriSchemeHttps);
}
