using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.ECS;
using Usheru.Notification.Infrastructure.Service;
using Usheru.Notification.Infrastructure.Settings;

namespace Usheru.Notification.Infrastructure.Operations;

/// <summary>
/// The metrics alarms and the dashboard share that no construct offers: the service's own
/// (embedded metric format, <see cref="NotificationTaskDefinition.MetricsNamespace"/>) and
/// Container Insights' task counts.
/// </summary>
internal sealed class ServiceMetrics(DeploymentEnvironment environment, Ec2Service service, Cluster cluster)
{
    public Metric Own(string name, string statistic, Duration? period = null) => new(new MetricProps
    {
        Namespace = NotificationTaskDefinition.MetricsNamespace,
        MetricName = name,
        DimensionsMap = new Dictionary<string, string> { ["Environment"] = environment.Name },
        Statistic = statistic,
        Period = period ?? Duration.Minutes(1),
    });

    public Metric Tasks(string name) => new(new MetricProps
    {
        Namespace = "ECS/ContainerInsights",
        MetricName = name,
        DimensionsMap = new Dictionary<string, string> { ["ClusterName"] = cluster.ClusterName, ["ServiceName"] = service.ServiceName },
        Statistic = "Average",
        Period = Duration.Minutes(1),
    });
}
