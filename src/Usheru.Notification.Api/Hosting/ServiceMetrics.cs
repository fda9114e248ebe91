using Prometheus;

namespace Usheru.Notification.Api.Hosting;

/// <summary>This app's own Prometheus registry, so several hosts in one process never share series.</summary>
internal sealed class ServiceMetrics
{
    public CollectorRegistry Registry { get; } = Metrics.NewCustomRegistry();

    public IMetricFactory Factory => Metrics.WithCustomRegistry(Registry);
}
