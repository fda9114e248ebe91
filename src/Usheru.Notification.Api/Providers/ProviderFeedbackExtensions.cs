using Microsoft.Extensions.DependencyInjection.Extensions;
using Usheru.Notification.Api.Providers.Ses;
using Usheru.Notification.Api.Providers.Twilio;

namespace Usheru.Notification.Api.Providers;

internal static class ProviderFeedbackExtensions
{
    /// <summary>SES feedback through SNS and Twilio status callbacks: what happened after "sent".</summary>
    public static IHostApplicationBuilder AddProviderFeedback(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SesOptions>()
            .BindConfiguration(SesOptions.Section)
            .Validate(o => o.TrustedCertificateHosts.All(h => !string.IsNullOrWhiteSpace(h) && !h.Contains('/', StringComparison.Ordinal)),
                "Providers:Ses:TrustedCertificateHosts are host names (with * for one label), not URLs.")
            .Validate(o => o.MaxMessageAge > TimeSpan.Zero, "Providers:Ses:MaxMessageAge must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(SigningCertificates.HttpClientName)
            .ConfigureHttpClient(client => client.MaxResponseContentBufferSize = 64 * 1024)
            // Certificates and confirmations come from the URL that passed the host rule, never from a redirect.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .RemoveAllLoggers();
        services.AddSingleton<SigningCertificates>();
        services.AddSingleton<SnsVerifier>();
        services.AddSingleton<FeedbackRecorder>();
        services.AddSingleton<Suppressions.SuppressionStore>();
        return builder;
    }

    public static IEndpointRouteBuilder MapProviderFeedback(this IEndpointRouteBuilder routes)
    {
        routes.MapSesFeedback();
        routes.MapTwilioStatus();
        return routes;
    }
}
