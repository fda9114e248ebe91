using Amazon.CDK.AWS.EC2;
using Constructs;
using Usheru.Notification.Infrastructure.Settings;

namespace Usheru.Notification.Infrastructure.Network;

/// <summary>
/// The environment's own VPC over two zones: the load balancer in public subnets, the container
/// instances in private subnets (out through NAT for ECR, Secrets Manager and the mail/SMS
/// providers), the database in isolated subnets with no route out at all.
/// </summary>
internal sealed class NotificationNetwork : Construct
{
    /// <summary>Two zones: what an ALB and a Multi-AZ database need, and what two tasks can spread over.</summary>
    public const int AvailabilityZones = 2;

    public NotificationNetwork(Construct scope, string id, DeploymentEnvironment environment)
        : base(scope, id)
    {
        Vpc = new Vpc(this, "Vpc", new VpcProps
        {
            IpAddresses = IpAddresses.Cidr("10.40.0.0/16"),
            MaxAzs = AvailabilityZones,
            NatGateways = environment.NatGateways,
            SubnetConfiguration =
            [
                new SubnetConfiguration { Name = "public", SubnetType = SubnetType.PUBLIC, CidrMask = 24 },
                new SubnetConfiguration { Name = "application", SubnetType = SubnetType.PRIVATE_WITH_EGRESS, CidrMask = 22 },
                new SubnetConfiguration { Name = "database", SubnetType = SubnetType.PRIVATE_ISOLATED, CidrMask = 24 },
            ],
        });
    }

    public Vpc Vpc { get; }
}
