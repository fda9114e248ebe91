using Amazon.CDK;
using Amazon.CDK.AWS.ECR;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.SecretsManager;
using Amazon.CDK.AWS.SSM;
using Constructs;
using Usheru.Notification.Infrastructure.Database;
using Usheru.Notification.Infrastructure.Registry;
using Usheru.Notification.Infrastructure.Settings;
using EcsSecret = Amazon.CDK.AWS.ECS.Secret;

namespace Usheru.Notification.Infrastructure.Service;

/// <summary>
/// The one container of the service as ECS runs it: bridge networking with a dynamic host port
/// (several tasks per instance, e.g. old and new during a deployment), JSON logs to CloudWatch,
/// plain settings as environment variables and everything secret from Secrets Manager.
/// </summary>
internal sealed class NotificationTaskDefinition : Construct
{
    /// <summary>The name the pipeline's imagedefinitions.json must use (see scripts/image-tag.sh).</summary>
    public const string ContainerName = "notification";

    public const int ContainerPort = 8080;

    /// <summary>
    /// SIGTERM to SIGKILL. The service drains within 25 s; the load balancer stops sending new
    /// requests after its deregistration delay, which is shorter than this.
    /// </summary>
    public static readonly Duration StopTimeout = Duration.Seconds(35);

    /// <summary>What the service publishes as CloudWatch metrics (its <c>Metrics:CloudWatch:Namespace</c>).</summary>
    public const string MetricsNamespace = "Usheru/Notification";

    /// <summary>
    /// ECS's container health check: <c>/health/ready</c>, probed with bash alone (the runtime image
    /// has no curl). Ten failures 30 s apart, five minutes, before ECS replaces the task: a
    /// Multi-AZ failover (60-120 s) makes the check fail without making ECS replace every task.
    /// </summary>
    public static readonly string[] HealthCheckCommand =
    [
        "CMD", "bash", "-c",
        "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health/ready HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '",
    ];

    /// <summary>The container's hard memory limit: Docker ends the container past it.</summary>
    public const int MemoryLimitMiB = 1024;

    /// <summary>
    /// The .NET heap's hard limit, three quarters of the container's (the runtime's own default
    /// under a cgroup limit, made explicit so it holds whatever the runtime detects): a request
    /// that wants more gets an OutOfMemoryException, which fails that request, before the kernel
    /// kills the process and every delivery in flight. The rest is for stacks, JIT and native buffers.
    /// </summary>
    public const long GCHeapHardLimitBytes = MemoryLimitMiB * 1024L * 1024L * 3 / 4;

    public NotificationTaskDefinition(
        Construct scope, string id, DeploymentEnvironment environment, IRepository repository, NotificationDatabase database,
        Mail.SmtpCredentials smtp, Mail.MailFeedback feedback, double? emailRatePerSecond)
        : base(scope, id)
    {
        TaskDefinition = new Ec2TaskDefinition(this, "TaskDefinition", new Ec2TaskDefinitionProps
        {
            NetworkMode = NetworkMode.BRIDGE,
        });
        var bootstrapKey = new Amazon.CDK.AWS.SecretsManager.Secret(this, "BootstrapKey", new SecretProps
        {
            Description = $"Auth:BootstrapKey of the notification service ({environment.Name}): an API key with every scope",
            GenerateSecretString = new SecretStringGenerator { PasswordLength = 48, ExcludePunctuation = true },
        });
        var logs = new LogGroup(this, "Logs", new LogGroupProps
        {
            Retention = RetentionDays.ONE_MONTH,
        });

        var container = TaskDefinition.AddContainer(ContainerName, new ContainerDefinitionOptions
        {
            ContainerName = ContainerName,
            // The tag CloudFormation resolves at deploy time: see DeployedImageTag for why.
            Image = ContainerImage.FromEcrRepository(
                repository,
                StringParameter.ValueForStringParameter(this, DeployedImageTag.ParameterName(environment.Name))),
            Cpu = 512,
            MemoryReservationMiB = 512,
            MemoryLimitMiB = MemoryLimitMiB,
            StopTimeout = StopTimeout,
            Logging = LogDriver.AwsLogs(new AwsLogDriverProps { LogGroup = logs, StreamPrefix = ContainerName }),
            Environment = new Dictionary<string, string>
            {
                ["Storage__Provider"] = "postgres",
                ["Storage__ConnectionString"] = database.ConnectionString,
                ["PublicBaseUrl"] = $"https://{environment.DomainName}",
                ["Email__MessageIdDomain"] = environment.DomainName,
                // Amazon SES over SMTP, its feedback through the configuration set and topic (Mail/).
                ["Email__Smtp__Host"] = smtp.Host,
                ["Email__Smtp__Port"] = "587",
                ["Email__Smtp__Security"] = "StartTls",
                ["Email__SesConfigurationSet"] = feedback.ConfigurationSetName,
                ["Providers__Ses__TopicArns__0"] = feedback.Topic.TopicArn,
                // Queue depth and delivery counts as embedded-metric-format log lines (auto scaling, alarms).
                ["Metrics__CloudWatch__Enabled"] = "true",
                ["Metrics__CloudWatch__Namespace"] = MetricsNamespace,
                ["Metrics__CloudWatch__Environment"] = environment.Name,
                ["DOTNET_GCHeapHardLimit"] = $"0x{GCHeapHardLimitBytes:X}",
            },
            // The service merges Storage:Username and Storage:Password into its connection string.
            Secrets = new Dictionary<string, EcsSecret>
            {
                ["Storage__Username"] = EcsSecret.FromSecretsManager(database.CredentialsSecret, "username"),
                ["Storage__Password"] = EcsSecret.FromSecretsManager(database.CredentialsSecret, "password"),
                ["Auth__BootstrapKey"] = EcsSecret.FromSecretsManager(bootstrapKey),
                ["Email__Smtp__Username"] = EcsSecret.FromSecretsManager(smtp.Secret, "username"),
                ["Email__Smtp__Password"] = EcsSecret.FromSecretsManager(smtp.Secret, "password"),
            },
            HealthCheck = new Amazon.CDK.AWS.ECS.HealthCheck
            {
                Command = HealthCheckCommand,
                Interval = Duration.Seconds(30),
                Timeout = Duration.Seconds(5),
                Retries = 10,
                // Startup runs the database migrations.
                StartPeriod = Duration.Seconds(60),
            },
        });
        if (emailRatePerSecond is { } rate)
        {
            // The environment's share of the account's SES sending rate, every task together (a bucket in the database).
            container.AddEnvironment("Delivery__Channels__email__RatePerSecond", rate.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        // The first task must read the real SMTP credentials, not the secret's placeholder.
        TaskDefinition.Node.AddDependency(smtp.Issued);
        container.AddPortMappings(new PortMapping
        {
            ContainerPort = ContainerPort,
            // 0: Docker picks a free host port; the target group learns it from ECS.
            HostPort = 0,
            Protocol = Amazon.CDK.AWS.ECS.Protocol.TCP,
        });
    }

    public Ec2TaskDefinition TaskDefinition { get; }
}
