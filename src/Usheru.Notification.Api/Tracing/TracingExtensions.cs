using Npgsql;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Usheru.Notification.Api.Tracing;

internal static class TracingExtensions
{
    /// <summary>The service name when <c>OTEL_SERVICE_NAME</c> is not set.</summary>
    public const string DefaultServiceName = "usheru-notification";

    /// <summary>
    /// OpenTelemetry traces exported over OTLP, configured by the standard <c>OTEL_*</c> variables
    /// (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>OTEL_SERVICE_NAME</c>, …).
    /// Without an endpoint nothing is registered: no listener, so no span is even created.
    /// Metrics stay with prometheus-net on <c>/metrics</c>.
    /// </summary>
    public static IHostApplicationBuilder AddTracing(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]) &&
            string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"]))
        {
            return builder;
        }
        // AddService would override OTEL_SERVICE_NAME, so it is given that name when there is one.
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? DefaultServiceName,
                serviceVersion: typeof(TracingExtensions).Assembly.GetName().Version?.ToString()))
            .WithTracing(tracing => tracing.AddServiceInstrumentation().AddOtlpExporter());
        return builder;
    }

    /// <summary>
    /// What the service traces, whichever exporter is used: its own delivery attempt spans, incoming
    /// requests (not health checks and scrapes), outgoing HTTP and PostgreSQL commands. No span
    /// carries a URL path that can hold a secret: unsubscribe tokens, webhook and push URLs.
    /// </summary>
    public static TracerProviderBuilder AddServiceInstrumentation(this TracerProviderBuilder tracing) =>
        tracing
            .AddSource(ServiceTracing.SourceName)
            .AddAspNetCoreInstrumentation(o =>
            {
                o.Filter = http => !http.Request.Path.StartsWithSegments("/health") && !http.Request.Path.StartsWithSegments("/metrics");
                o.EnrichWithHttpRequest = (activity, request) =>
                {
                    if (request.Path.StartsWithSegments("/unsubscribe"))
                    {
                        activity.SetTag("url.path", "/unsubscribe/{token}");
                    }
                };
            })
            .AddHttpClientInstrumentation(o => o.EnrichWithHttpRequestMessage = (activity, request) =>
            {
                // Webhook URLs often hold a token in the path, push endpoints always do.
                if (request.RequestUri is { IsAbsoluteUri: true } uri)
                {
                    activity.SetTag("url.full", uri.GetLeftPart(UriPartial.Authority) + "/");
                }
            })
            .AddNpgsql();
}
