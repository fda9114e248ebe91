using System.Net.Http.Headers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Usheru.Notification.Client;
using Usheru.Notification.Client.Http;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="INotificationClient"/>.</summary>
public static class NotificationClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="INotificationClient"/> as a typed <see cref="HttpClient"/> with the standard
    /// resilience handler (timeouts, circuit breaker, retries with backoff that honour
    /// <c>Retry-After</c>). Only requests that are safe to send twice are retried: reads, and sends,
    /// which always carry an <c>Idempotency-Key</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">
    /// Sets the options after the configuration section <c>NotificationClient</c> (if there is an
    /// <see cref="IConfiguration"/>) has been bound; null: configuration alone.
    /// </param>
    /// <returns>The client's builder, for adding handlers of your own.</returns>
    public static IHttpClientBuilder AddNotificationClient(this IServiceCollection services, Action<NotificationClientOptions>? configure = null)
    {
        var options = services.AddOptions<NotificationClientOptions>()
            .Configure<IServiceProvider>((o, provider) => provider.GetService<IConfiguration>()?.GetSection(NotificationClientOptions.SectionName).Bind(o));
        if (configure is not null)
        {
            options.Configure(configure);
        }
        options
            .Validate(o => o.BaseAddress is { IsAbsoluteUri: true }, $"{NotificationClientOptions.SectionName}:BaseAddress must be an absolute URI.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ApiKey), $"{NotificationClientOptions.SectionName}:ApiKey is required.")
            .ValidateOnStart();

        var builder = services.AddHttpClient<INotificationClient, NotificationClient>((provider, http) =>
        {
            var current = provider.GetRequiredService<IOptionsMonitor<NotificationClientOptions>>().CurrentValue;
            // A trailing slash keeps a base path (https://gateway/notification/) before the relative request paths.
            var address = current.BaseAddress!.AbsoluteUri;
            http.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", current.ApiKey);
        });
        builder.AddStandardResilienceHandler(o => o.Retry.ShouldHandle = SafeRetries.ShouldRetryAsync);
        return builder;
    }
}
