using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Usheru.Notification.Api.Delivery;

internal static class DeliveryServiceCollectionExtensions
{
    /// <summary>The queue, the channel caps, the worker that drains it and the maintenance that rescues expired leases.</summary>
    public static IHostApplicationBuilder AddDelivery(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DeliveryOptions>, ChannelCapacityValidator>();
        builder.Services.AddSingleton<ChannelRates>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<WorkSignal>();
        builder.Services.AddSingleton<DeliveryQueue>();
        builder.Services.AddSingleton<ChannelCatalog>();
        builder.Services.AddSingleton<CompletionWriter>();
        builder.Services.AddSingleton<RetrySchedule>();
        builder.Services.AddSingleton<DeliveryMetrics>();
        builder.Services.AddHostedService<DeliveryWorker>();
        builder.Services.AddHostedService<QueueMaintenance>();
        // The host waits for the drain, plus a margin to write the last results, inside ECS's stop timeout.
        var drain = builder.Configuration.GetValue($"{DeliveryOptions.Section}:{nameof(DeliveryOptions.DrainSeconds)}", new DeliveryOptions().DrainSeconds);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(drain + 5));
        return builder;
    }
}
