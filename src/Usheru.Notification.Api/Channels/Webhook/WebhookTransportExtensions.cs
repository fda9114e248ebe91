using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Usheru.Notification.Api.Channels.Webhook;

internal static class WebhookTransportExtensions
{
    /// <summary>
    /// Adds <see cref="WebhookSender"/> and the HTTP client behind it: no redirects, no proxy,
    /// and connections only to public addresses unless <c>Webhooks:AllowPrivateNetworks</c>.
    /// Added once, however many channels send through it (webhooks, web push).
    /// </summary>
    public static IHostApplicationBuilder AddWebhookTransport(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        if (services.Any(service => service.ServiceType == typeof(WebhookSender)))
            return builder;
        services.AddOptions<WebhookOptions>()
            .BindConfiguration(WebhookOptions.Section)
            .Validate(o => o.TimeoutSeconds is > 0 and <= 300, "Webhooks:TimeoutSeconds must be between 1 and 300.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(WebhookSender.HttpClientName)
            .ConfigureHttpClient((provider, client) =>
            {
                client.Timeout = TimeSpan.FromSeconds(provider.GetRequiredService<IOptions<WebhookOptions>>().Value.TimeoutSeconds);
                client.DefaultRequestHeaders.UserAgent.ParseAdd("Usheru-Notification/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(provider => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                // Through a proxy the connect check would see the proxy, not the target.
                UseProxy = false,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                ConnectCallback = new WebhookConnector(
                    provider.GetRequiredService<IOptions<WebhookOptions>>().Value.AllowPrivateNetworks).ConnectAsync,
            })
            // Request logs would carry endpoint URLs, which often hold a token.
            .RemoveAllLoggers();
        services.AddSingleton<WebhookSender>();
        return builder;
    }
}
