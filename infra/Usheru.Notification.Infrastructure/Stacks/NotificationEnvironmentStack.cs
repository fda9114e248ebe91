using Amazon.CDK;
using Amazon.CDK.AWS.ECR;
using Amazon.CDK.AWS.Route53;
using Constructs;
using Usheru.Notification.Infrastructure.Compute;
using Usheru.Notification.Infrastructure.Database;
using Usheru.Notification.Infrastructure.Endpoint;
using Usheru.Notification.Infrastructure.Network;
using Usheru.Notification.Infrastructure.Pipeline;
using Usheru.Notification.Infrastructure.Registry;
using Usheru.Notification.Infrastructure.Service;
using Usheru.Notification.Infrastructure.Settings;

namespace Usheru.Notification.Infrastructure.Stacks;

/// <summary>Everything one environment runs on, and the pipeline that delivers to it.</summary>
internal sealed class NotificationEnvironmentStack : Stack
{
    public NotificationEnvironmentStack(Construct scope, DeploymentSettings settings, DeploymentEnvironment environment)
        : base(scope, environment.StackId, new StackProps
        {
            Env = settings.ToEnvironment(),
            Description = $"Usheru Notification Service: {environment.Name} ({environment.DomainName})",
        })
    {
        // By name, not by reference: no CloudFormation export ties this stack to the registry's.
        var repository = Repository.FromRepositoryName(this, "Repository", ImageRegistry.RepositoryName);
        var zone = HostedZone.FromHostedZoneAttributes(this, "Zone", new HostedZoneAttributes
        {
            HostedZoneId = settings.HostedZoneId,
            ZoneName = settings.HostedZoneName,
        });

        var network = new NotificationNetwork(this, "Network", environment);
        var database = new NotificationDatabase(this, "Database", network.Vpc, environment);
        var capacity = new ContainerCapacity(this, "Capacity", network.Vpc, environment);
        database.AllowConnectionsFrom(capacity.Instances);

        var task = new NotificationTaskDefinition(this, "Task", environment, repository, database);
        var service = new NotificationService(this, "Service", environment, capacity, task.TaskDefinition);
        _ = new PublicEndpoint(this, "Endpoint", environment, network.Vpc, zone, service.Service);
        _ = new DeliveryPipeline(this, "Delivery", settings, environment, repository, service.Service);
    }

    /// <summary>
    /// The zones by name instead of CDK's default, which looks them up in the account (a call to
    /// AWS at synth time). Every account has zones a, b and c in eu-west-1; the VPC takes the
    /// first <see cref="NotificationNetwork.AvailabilityZones"/> of them.
    /// </summary>
    public override string[] AvailabilityZones => [$"{Region}a", $"{Region}b", $"{Region}c"];
}
