using Amazon.CDK;
using Amazon.CDK.AWS.CertificateManager;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.Route53;
using Constructs;
using Usheru.Notification.Infrastructure.Service;
using Usheru.Notification.Infrastructure.Settings;

namespace Usheru.Notification.Infrastructure.Endpoint;

/// <summary>
/// How clients reach the service: its DNS name (a CNAME) to an internet-facing load balancer that
/// serves HTTPS with a DNS-validated certificate, redirects HTTP, and sends traffic to every task
/// whose process answers /health/live. Not /health/ready: during a database failover every task
/// is unready, and the load balancer would have nowhere to send requests (and ECS would replace
/// the tasks); the tasks answer 503 problem+json with Retry-After meanwhile. Readiness is ECS's
/// container health check (<see cref="NotificationTaskDefinition.HealthCheckCommand"/>).
/// </summary>
internal sealed class PublicEndpoint : Construct
{
    public const string HealthCheckPath = "/health/live";

    /// <summary>
    /// How long a stopping task still finishes requests already sent to it. Shorter than
    /// <see cref="NotificationTaskDefinition.StopTimeout"/>, so the load balancer is done with a
    /// task before ECS may kill it.
    /// </summary>
    public static readonly Duration DeregistrationDelay = Duration.Seconds(15);

    public PublicEndpoint(
        Construct scope, string id, DeploymentEnvironment environment, IVpc vpc, IHostedZone zone, Ec2Service service)
        : base(scope, id)
    {
        var certificate = new Certificate(this, "Certificate", new CertificateProps
        {
            DomainName = environment.DomainName,
            Validation = CertificateValidation.FromDns(zone),
        });
        var loadBalancer = new ApplicationLoadBalancer(this, "LoadBalancer", new ApplicationLoadBalancerProps
        {
            Vpc = vpc,
            InternetFacing = true,
            DropInvalidHeaderFields = true,
            DeletionProtection = environment.DeletionProtection,
        });
        LoadBalancer = loadBalancer;
        var https = loadBalancer.AddListener("Https", new BaseApplicationListenerProps
        {
            Port = 443,
            Protocol = ApplicationProtocol.HTTPS,
            Certificates = [ListenerCertificate.FromCertificateManager(certificate)],
            SslPolicy = SslPolicy.RECOMMENDED_TLS,
        });
        loadBalancer.AddRedirect(new ApplicationLoadBalancerRedirectConfig
        {
            SourcePort = 80,
            SourceProtocol = ApplicationProtocol.HTTP,
            TargetPort = 443,
            TargetProtocol = ApplicationProtocol.HTTPS,
        });
        TargetGroup = https.AddTargets("Notification", new AddApplicationTargetsProps
        {
            Port = NotificationTaskDefinition.ContainerPort,
            Protocol = ApplicationProtocol.HTTP,
            Targets =
            [
                service.LoadBalancerTarget(new LoadBalancerTargetOptions
                {
                    ContainerName = NotificationTaskDefinition.ContainerName,
                    ContainerPort = NotificationTaskDefinition.ContainerPort,
                }),
            ],
            DeregistrationDelay = DeregistrationDelay,
            HealthCheck = new Amazon.CDK.AWS.ElasticLoadBalancingV2.HealthCheck
            {
                Path = HealthCheckPath,
                // The dynamic host port each task got (cfn-lint E3049 requires it said explicitly).
                Port = "traffic-port",
                HealthyHttpCodes = "200",
                Interval = Duration.Seconds(15),
                Timeout = Duration.Seconds(5),
                HealthyThresholdCount = 2,
                UnhealthyThresholdCount = 3,
            },
        });

        if (environment.WebFirewall)
        {
            _ = new WebFirewall(this, "Firewall", environment, loadBalancer);
        }
        Record = new CnameRecord(this, "Cname", new CnameRecordProps
        {
            Zone = zone,
            RecordName = environment.DomainName,
            DomainName = loadBalancer.LoadBalancerDnsName,
            Ttl = Duration.Minutes(5),
        });
    }

    public ApplicationLoadBalancer LoadBalancer { get; }

    public ApplicationTargetGroup TargetGroup { get; }

    public CnameRecord Record { get; }
}
