namespace Usheru.Notification.Infrastructure.Settings;

/// <summary>
/// One place the service runs: the branch that feeds it, its public name and how much of
/// everything it gets. The sizes are the ones docs/deployment.md prices.
/// </summary>
/// <param name="Name">Stack, pipeline, image tag prefix and parameter path segment.</param>
/// <param name="Branch">The GitHub branch whose commits this environment's pipeline deploys.</param>
/// <param name="DomainName">The public HTTPS name (a CNAME to the load balancer).</param>
/// <param name="DesiredCount">ECS tasks running the service.</param>
/// <param name="SpreadAcrossZones">Place tasks in different availability zones first.</param>
/// <param name="NatGateways">One per zone in production, so losing a zone does not cut the egress of the other.</param>
/// <param name="InstanceType">EC2 type of the container instances.</param>
/// <param name="MinInstances">Smallest Auto Scaling group; the capacity provider scales above it.</param>
/// <param name="MaxInstances">Largest Auto Scaling group: room for a rolling deployment at 200 %.</param>
/// <param name="DatabaseInstanceType">RDS class without the <c>db.</c> prefix.</param>
/// <param name="DatabaseMultiAz">A synchronous standby in a second zone.</param>
/// <param name="BackupRetentionDays">Automated RDS backups (point-in-time recovery window).</param>
/// <param name="DeletionProtection">The database and the load balancer cannot be deleted by a stack update or `cdk destroy`.</param>
/// <param name="MinTasks">Fewest ECS tasks auto scaling keeps running.</param>
/// <param name="MaxTasks">Most ECS tasks auto scaling may run (and the instances must hold twice that during a deployment).</param>
/// <param name="WebFirewall">AWS managed WAF rules in front of the load balancer.</param>
/// <param name="DatabaseMaxConnections">RDS's max_connections for the instance class (LEAST(memory/9531392, 5000)), for the connections alarm.</param>
internal sealed record DeploymentEnvironment(
    string Name,
    string Branch,
    string DomainName,
    int DesiredCount,
    bool SpreadAcrossZones,
    int NatGateways,
    string InstanceType,
    int MinInstances,
    int MaxInstances,
    string DatabaseInstanceType,
    bool DatabaseMultiAz,
    int BackupRetentionDays,
    bool DeletionProtection,
    int MinTasks,
    int MaxTasks,
    bool WebFirewall,
    int DatabaseMaxConnections)
{
    public static DeploymentEnvironment Development { get; } = new(
        Name: "development",
        Branch: "test",
        DomainName: "notification.develop.usheru.com",
        DesiredCount: 1,
        SpreadAcrossZones: false,
        NatGateways: 1,
        InstanceType: "t3.small",
        MinInstances: 1,
        MaxInstances: 2,
        DatabaseInstanceType: "t4g.micro",
        DatabaseMultiAz: false,
        BackupRetentionDays: 1,
        DeletionProtection: false,
        MinTasks: 1,
        MaxTasks: 2,
        WebFirewall: false,
        DatabaseMaxConnections: 112);

    public static DeploymentEnvironment Production { get; } = new(
        Name: "production",
        Branch: "main",
        DomainName: "notification.usheru.com",
        DesiredCount: 2,
        SpreadAcrossZones: true,
        NatGateways: 2,
        InstanceType: "t3.small",
        MinInstances: 2,
        MaxInstances: 6,
        DatabaseInstanceType: "t4g.small",
        DatabaseMultiAz: true,
        BackupRetentionDays: 7,
        DeletionProtection: true,
        MinTasks: 2,
        MaxTasks: 6,
        WebFirewall: true,
        DatabaseMaxConnections: 225);

    public static IReadOnlyList<DeploymentEnvironment> All { get; } = [Development, Production];

    public string StackId => $"UsheruNotification-{Name}";
}
