using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.RDS;
using Constructs;
using Usheru.Notification.Infrastructure.Settings;

namespace Usheru.Notification.Infrastructure.Operations;

/// <summary>One dashboard per environment: traffic and errors, latency, tasks, the delivery queue, the database, and every alarm.</summary>
internal sealed class OperationsDashboard : Construct
{
    public OperationsDashboard(
        Construct scope, string id, DeploymentEnvironment environment, ServiceMetrics metrics, Ec2Service service,
        IApplicationTargetGroup targetGroup, IApplicationLoadBalancer loadBalancer, IDatabaseInstance database, IEnumerable<IAlarm> alarms)
        : base(scope, id)
    {
        var minute = new MetricOptions { Period = Duration.Minutes(1) };
        var dashboard = new Dashboard(this, "Dashboard", new DashboardProps
        {
            DashboardName = $"usheru-notification-{environment.Name}",
            DefaultInterval = Duration.Hours(3),
        });
        dashboard.AddWidgets(new AlarmStatusWidget(new AlarmStatusWidgetProps { Title = "Alarms", Alarms = [.. alarms], Width = 24, Height = 3 }));
        dashboard.AddWidgets(
            Graph("Requests and errors", [
                targetGroup.Metrics.RequestCount(minute),
                targetGroup.Metrics.HttpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT, minute),
                loadBalancer.Metrics.HttpCodeElb(HttpCodeElb.ELB_5XX_COUNT, minute)]),
            Graph("Response time (s)", [
                targetGroup.Metrics.TargetResponseTime(new MetricOptions { Period = Duration.Minutes(1), Statistic = "p50" }),
                targetGroup.Metrics.TargetResponseTime(new MetricOptions { Period = Duration.Minutes(1), Statistic = "p95" })]),
            Graph("Tasks", [metrics.Tasks("DesiredTaskCount"), metrics.Tasks("RunningTaskCount"),
                targetGroup.Metrics.HealthyHostCount(minute), targetGroup.Metrics.UnhealthyHostCount(minute)]));
        dashboard.AddWidgets(
            Graph("Service CPU and memory (%)", [service.MetricCpuUtilization(minute), service.MetricMemoryUtilization(minute)]),
            Graph("Delivery queue", [metrics.Own("QueueDepth", "Maximum"), metrics.Own("OldestQueuedAgeSeconds", "Maximum")]),
            Graph("Deliveries ended", [metrics.Own("DeliveriesSent", "Sum"), metrics.Own("DeliveriesFailed", "Sum")]));
        dashboard.AddWidgets(
            Graph("Database CPU (%)", [database.MetricCPUUtilization(minute)]),
            Graph("Database connections", [database.MetricDatabaseConnections(minute)]),
            Graph("Database free storage (bytes)", [database.MetricFreeStorageSpace(minute)]));
    }

    private static GraphWidget Graph(string title, IMetric[] metrics) => new(new GraphWidgetProps { Title = title, Left = metrics, Width = 8 });
}
