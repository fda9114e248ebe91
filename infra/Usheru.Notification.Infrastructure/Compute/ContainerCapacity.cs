using Amazon.CDK.AWS.AutoScaling;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.IAM;
using Constructs;
using Usheru.Notification.Infrastructure.Settings;
using InstanceType = Amazon.CDK.AWS.EC2.InstanceType;

namespace Usheru.Notification.Infrastructure.Compute;

/// <summary>
/// The ECS cluster and the EC2 instances it runs tasks on: an Auto Scaling group from a launch
/// template (launch configurations are deprecated and cannot require IMDSv2) on the ECS-optimized
/// Amazon Linux 2023 AMI, attached as a capacity provider so ECS scales it with the tasks.
/// </summary>
internal sealed class ContainerCapacity : Construct
{
    public ContainerCapacity(Construct scope, string id, IVpc vpc, DeploymentEnvironment environment)
        : base(scope, id)
    {
        // Container Insights: per-service CPU, memory and running/desired task counts (scaling, alarms, dashboard).
        Cluster = new Cluster(this, "Cluster", new ClusterProps { Vpc = vpc, ContainerInsights = true });

        var instanceSecurityGroup = new SecurityGroup(this, "InstanceSecurityGroup", new SecurityGroupProps
        {
            Vpc = vpc,
            Description = "ECS container instances: inbound only from the load balancer",
        });
        var launchTemplate = new LaunchTemplate(this, "LaunchTemplate", new LaunchTemplateProps
        {
            MachineImage = EcsOptimizedImage.AmazonLinux2023(),
            InstanceType = new InstanceType(environment.InstanceType),
            // IMDSv2 only, and one hop: containers in bridge mode are a hop further and cannot
            // reach the instance role; tasks get their own credentials from the ECS agent.
            RequireImdsv2 = true,
            HttpPutResponseHopLimit = 1,
            SecurityGroup = instanceSecurityGroup,
            Role = new Role(this, "InstanceRole", new RoleProps
            {
                AssumedBy = new ServicePrincipal("ec2.amazonaws.com"),
                ManagedPolicies =
                [
                    ManagedPolicy.FromAwsManagedPolicyName("service-role/AmazonEC2ContainerServiceforEC2Role"),
                    // Session Manager instead of SSH: no key pairs, no open port 22.
                    ManagedPolicy.FromAwsManagedPolicyName("AmazonSSMManagedInstanceCore"),
                ],
            }),
            // The cluster appends its ECS_CLUSTER line to this.
            UserData = UserData.ForLinux(),
        });
        Instances = new AutoScalingGroup(this, "Instances", new AutoScalingGroupProps
        {
            Vpc = vpc,
            VpcSubnets = new SubnetSelection { SubnetType = SubnetType.PRIVATE_WITH_EGRESS },
            LaunchTemplate = launchTemplate,
            MinCapacity = environment.MinInstances,
            MaxCapacity = environment.MaxInstances,
        });
        CapacityProvider = new AsgCapacityProvider(this, "CapacityProvider", new AsgCapacityProviderProps
        {
            AutoScalingGroup = Instances,
            // ECS adds instances when tasks (e.g. a deployment at 200 %) do not fit, and removes
            // only empty ones: managed termination protection keeps instances running tasks.
            EnableManagedScaling = true,
            EnableManagedTerminationProtection = true,
            TargetCapacityPercent = 100,
        });
        Cluster.AddAsgCapacityProvider(CapacityProvider);
        // Bridge-mode tasks listen on their instance's network, and an Ec2Service takes its
        // security groups from the cluster; a capacity provider (unlike the older
        // AddAutoScalingGroup) does not add them, and without them the load balancer gets no
        // rule to reach the dynamic host ports.
        Cluster.Connections.AddSecurityGroup(instanceSecurityGroup);
    }

    public Cluster Cluster { get; }

    public AutoScalingGroup Instances { get; }

    public AsgCapacityProvider CapacityProvider { get; }
}
