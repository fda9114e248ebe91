using Amazon.CDK;
using Amazon.CDK.AWS.ApplicationAutoScaling;
using Amazon.CDK.AWS.ECS;
using Constructs;
using Usheru.Notification.Infrastructure.Service;
using Usheru.Notification.Infrastructure.Settings;

namespace Usheru.Notification.Infrastructure.Operations;

/// <summary>
/// Target tracking on the ECS service's task count, between the environment's minimum and
/// maximum: on CPU, and on the delivery backlog per task. The service publishes the backlog
/// (<c>QueueDepth</c>, every task the same figure) through the embedded metric format in its
/// logs; the policy divides it by Container Insights' running task count.
/// </summary>
internal sealed class ServiceScaling : Construct
{
    public const double TargetCpuPercent = 60;

    /// <summary>Due deliveries per task worth another task: a task sends a few hundred a second, SES allows far fewer.</summary>
    public const double TargetQueueDepthPerTask = 1000;

    public ServiceScaling(Construct scope, string id, DeploymentEnvironment environment, Ec2Service service, Cluster cluster)
        : base(scope, id)
    {
        var tasks = service.AutoScaleTaskCount(new EnableScalingProps { MinCapacity = environment.MinTasks, MaxCapacity = environment.MaxTasks });
        tasks.ScaleOnCpuUtilization("Cpu", new CpuUtilizationScalingProps
        {
            TargetUtilizationPercent = TargetCpuPercent,
            ScaleOutCooldown = Duration.Minutes(1),
            ScaleInCooldown = Duration.Minutes(5),
        });
        var target = (ScalableTarget)tasks.Node.FindChild("Target");
        _ = new CfnScalingPolicy(this, "QueueDepthPerTask", new CfnScalingPolicyProps
        {
            PolicyName = $"usheru-notification-{environment.Name}-queue-depth-per-task",
            PolicyType = "TargetTrackingScaling",
            ScalingTargetId = target.ScalableTargetId,
            TargetTrackingScalingPolicyConfiguration = new CfnScalingPolicy.TargetTrackingScalingPolicyConfigurationProperty
            {
                TargetValue = TargetQueueDepthPerTask,
                ScaleOutCooldown = 60,
                ScaleInCooldown = 300,
                CustomizedMetricSpecification = new CfnScalingPolicy.CustomizedMetricSpecificationProperty
                {
                    Metrics = new object[]
                    {
                        Query("queue", NotificationTaskDefinition.MetricsNamespace, "QueueDepth", "Maximum",
                            new CfnScalingPolicy.TargetTrackingMetricDimensionProperty { Name = "Environment", Value = environment.Name }),
                        Query("tasks", "ECS/ContainerInsights", "RunningTaskCount", "Average",
                            new CfnScalingPolicy.TargetTrackingMetricDimensionProperty { Name = "ClusterName", Value = cluster.ClusterName },
                            new CfnScalingPolicy.TargetTrackingMetricDimensionProperty { Name = "ServiceName", Value = service.ServiceName }),
                        new CfnScalingPolicy.TargetTrackingMetricDataQueryProperty
                        {
                            Id = "perTask",
                            Expression = "queue / tasks",
                            Label = "Due deliveries per running task",
                            ReturnData = true,
                        },
                    },
                },
            },
        });
    }

    private static CfnScalingPolicy.TargetTrackingMetricDataQueryProperty Query(
        string id, string metricNamespace, string name, string statistic, params CfnScalingPolicy.TargetTrackingMetricDimensionProperty[] dimensions) => new()
    {
        Id = id,
        ReturnData = false,
        MetricStat = new CfnScalingPolicy.TargetTrackingMetricStatProperty
        {
            Metric = new CfnScalingPolicy.TargetTrackingMetricProperty { Namespace = metricNamespace, MetricName = name, Dimensions = dimensions },
            Stat = statistic,
        },
    };
}
