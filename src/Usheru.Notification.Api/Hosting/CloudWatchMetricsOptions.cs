namespace Usheru.Notification.Api.Hosting;

/// <summary>
/// The <c>Metrics:CloudWatch</c> section: metrics written to stdout in CloudWatch's embedded
/// metric format, which CloudWatch Logs turns into metrics with no agent (the ECS task's awslogs
/// driver is enough). Off by default; the ECS task definition turns it on.
/// </summary>
internal sealed class CloudWatchMetricsOptions
{
    public const string Section = "Metrics:CloudWatch";

    public bool Enabled { get; set; }

    public string Namespace { get; set; } = "Usheru/Notification";

    /// <summary>The value of the <c>Environment</c> dimension: which deployment the figures are of.</summary>
    public string Environment { get; set; } = "local";

    /// <summary>How often the figures are written: CloudWatch's standard resolution is a minute.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);
}
