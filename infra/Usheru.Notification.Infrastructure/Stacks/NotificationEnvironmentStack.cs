using Amazon.CDK;
using Amazon.CDK.AWS.ECR;
using Amazon.CDK.AWS.Route53;
using Constructs;
using Usheru.Notification.Infrastructure.Compute;
using Usheru.Notification.Infrastructure.Database;
using Usheru.Notification.Infrastructure.Endpoint;
using Usheru.Notification.Infrastructure.Mail;
using Usheru.Notification.Infrastructure.Network;
using Usheru.Notification.Infrastructure.Operations;
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

        var feedback = new MailFeedback(this, "MailFeedback", environment);
        var smtp = new SmtpCredentials(this, "Smtp", environment, MailIdentity.Arn(this, settings.HostedZoneName), feedback.ConfigurationSetArn);
        var task = new NotificationTaskDefinition(this, "Task", environment, repository, database, smtp, feedback,
            settings.EmailRatePerSecond(environment.Name));
        var service = new NotificationService(this, "Service", environment, capacity, task.TaskDefinition);
        var endpoint = new PublicEndpoint(this, "Endpoint", environment, network.Vpc, zone, service.Service);
        // SNS confirms the subscription at once: only once the service answers at its name.
        feedback.Subscription.Node.AddDependency(service.Service, endpoint.Record);
        var pipeline = new DeliveryPipeline(this, "Delivery", settings, environment, repository, service.Service);

        var alarmTopic = new AlarmTopic(this, "AlarmTopic", environment, settings.AlarmEmail);
        var metrics = new ServiceMetrics(environment, service.Service, capacity.Cluster);
        _ = new ServiceScaling(this, "Scaling", environment, service.Service, capacity.Cluster);
        var alarms = new ServiceAlarms(this, "Alarms", environment, alarmTopic.Topic, metrics,
            endpoint.LoadBalancer, endpoint.TargetGroup, database.Instance, pipeline.Pipeline);
        _ = new OperationsDashboard(this, "Dashboard", environment, metrics, service.Service,
            endpoint.TargetGroup, endpoint.LoadBalancer, database.Instance, alarms.Alarms);
    }

    /// <summary>
    /// The zones by name instead of CDK's default, which looks them up in the account (a call to
    /// AWS at synth time). Every account has zones a, b and c in eu-west-1; the VPC takes the
    /// first <see cref="NotificationNetwork.AvailabilityZones"/> of them.
    /// </summary>
    public override string[] AvailabilityZones => [$"{Region}a", $"{Region}b", $"{Region}c"];
}
