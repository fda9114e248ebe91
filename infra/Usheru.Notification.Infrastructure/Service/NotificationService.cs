using Amazon.CDK;
using Amazon.CDK.AWS.ECS;
using Constructs;
using Usheru.Notification.Infrastructure.Compute;
using Usheru.Notification.Infrastructure.Settings;

namespace Usheru.Notification.Infrastructure.Service;

/// <summary>
/// The ECS service: rolling deployments that never go below the desired count (100 % / 200 %),
/// rolled back automatically by the circuit breaker when new tasks do not become healthy, and by
/// the deployment alarm when they answer with server errors.
/// </summary>
internal sealed class NotificationService : Construct
{
    /// <summary>The alarm that rolls a deployment back: the new tasks answer with server errors.</summary>
    public static string DeploymentAlarmName(DeploymentEnvironment environment) => $"usheru-notification-{environment.Name}-target-5xx";

    public NotificationService(
        Construct scope, string id, DeploymentEnvironment environment, ContainerCapacity capacity, Ec2TaskDefinition taskDefinition)
        : base(scope, id)
    {
        Service = new Ec2Service(this, "Service", new Ec2ServiceProps
        {
            Cluster = capacity.Cluster,
            TaskDefinition = taskDefinition,
            DesiredCount = environment.DesiredCount,
            MinHealthyPercent = 100,
            MaxHealthyPercent = 200,
            CircuitBreaker = new DeploymentCircuitBreaker { Enable = true, Rollback = true },
            // The breaker only catches tasks that never become healthy; this catches healthy tasks
            // that fail requests (the alarm is defined in Operations/ServiceAlarms).
            DeploymentAlarms = new DeploymentAlarmConfig
            {
                AlarmNames = [DeploymentAlarmName(environment)],
                Behavior = AlarmBehavior.ROLLBACK_ON_ALARM,
            },
            // Startup includes database migrations; do not count them as failed health checks.
            HealthCheckGracePeriod = Duration.Seconds(60),
            CapacityProviderStrategies =
            [
                new CapacityProviderStrategy { CapacityProvider = capacity.CapacityProvider.CapacityProviderName, Weight = 1 },
            ],
            PlacementStrategies = environment.SpreadAcrossZones
                ? [PlacementStrategy.SpreadAcross(BuiltInAttributes.AVAILABILITY_ZONE), PlacementStrategy.SpreadAcrossInstances()]
                : [PlacementStrategy.PackedByMemory()],
        });
        Aspects.Of(Service).Add(new AfterCapacityProviderAssociation(capacity.Cluster));
    }

    public Ec2Service Service { get; }
}
