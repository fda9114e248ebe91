using System.Diagnostics;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Prometheus;
using Scalar.AspNetCore;
using Usheru.Notification.Api.ApiKeys;
using Usheru.Notification.Api.Hosting.OpenApi;
using Usheru.Notification.Api.Recipients;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Hosting;

internal static class HostingExtensions
{
    public const int MaxBodyBytes = 256 * 1024;

    /// <summary>Console logs (JSON, or plain text in Development), problem details, body limit, per-key rate limits, OpenAPI, health and metrics.</summary>
    public static IHostApplicationBuilder AddHosting(this IHostApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddServiceConsole(builder.Environment);

        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
            c.ProblemDetails.Extensions["traceId"] = Activity.Current?.Id ?? c.HttpContext.TraceIdentifier);
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.ConfigureHttpJsonOptions(o => StoredJson.Configure(o.SerializerOptions));
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = MaxBodyBytes);

        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((o, limits) =>
        {
            o.GlobalLimiter = PerCaller(limits.Value);
            o.OnRejected = RejectAsync;
        });

        // Every worker restarts its own loop after an unexpected exception (BackgroundLoop); should
        // one still end, the API and the other workers carry on rather than the host stopping.
        builder.Services.Configure<HostOptions>(o => o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.Ignore);
        builder.Services.AddApiDocument();
        builder.Services.AddSingleton<ServiceMetrics>();

        builder.Services.AddOptions<CloudWatchMetricsOptions>().BindConfiguration(CloudWatchMetricsOptions.Section)
            .Validate(o => o.Interval >= TimeSpan.FromMilliseconds(100), "Metrics:CloudWatch:Interval must be at least 100 ms.")
            .ValidateOnStart();
        if (builder.Configuration.GetValue<bool>($"{CloudWatchMetricsOptions.Section}:{nameof(CloudWatchMetricsOptions.Enabled)}"))
        {
            builder.Services.AddSingleton(new CloudWatchMetrics.Output());
            builder.Services.AddHostedService<CloudWatchMetrics>();
        }
        return builder;
    }

    public static WebApplication UseHosting(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use((http, next) =>
        {
            // TestServer and other hosts honour the feature even where Kestrel's limit is not in play.
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = MaxBodyBytes;
            }
            return next(http);
        });
        app.UseHttpMetrics(o => o.SetMetricFactory(app.Services.GetRequiredService<ServiceMetrics>().Factory));
        // Before authentication: a browser's CORS preflight carries no credentials.
        app.UseCors();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseStrictJsonBodies();
        app.UseStrictQueryStrings();
        return app;
    }

    /// <summary>Health for the load balancer, metrics for Prometheus, the OpenAPI document and its reference page.</summary>
    public static WebApplication MapOperations(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        app.MapMetrics("/metrics", app.Services.GetRequiredService<ServiceMetrics>().Registry);
        app.MapOpenApi();
        app.MapScalarApiReference(o => o.WithTitle("Usheru Notification API"));
        return app;
    }

    /// <summary>One bucket per API key and one per recipient whose token a browser presents (a page left polling must not starve the rest).</summary>
    private static PartitionedRateLimiter<HttpContext> PerCaller(RateLimitOptions limits) =>
        PartitionedRateLimiter.Create<HttpContext, string>(http =>
            http.User.FindFirstValue(ApiKeyScopes.KeyIdClaimType) is { } keyId ? Bucket(keyId, limits)
            : http.User.FindFirstValue(RecipientTokenAuthenticationHandler.RecipientClaimType) is { } recipientId ? Bucket($"recipient:{recipientId}", limits)
            : RateLimitPartition.GetNoLimiter("anonymous"));

    private static RateLimitPartition<string> Bucket(string caller, RateLimitOptions limits) =>
        RateLimitPartition.GetTokenBucketLimiter(caller, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = limits.Burst,
            TokensPerPeriod = limits.PermitsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
        });

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = "Too Many Requests", Detail = $"This API key or recipient token is over its rate limit; retry after {retryAfter} s." },
        });
    }
}
