using Amazon.CDK.AWS.CodeBuild;
using Amazon.CDK.AWS.Logs;
using Constructs;

namespace Usheru.Notification.Infrastructure.Pipeline;

/// <summary>A CodeBuild project's logs in a log group of its own with a retention, not CodeBuild's default group kept forever.</summary>
internal static class BuildLogs
{
    public static LoggingOptions Kept(Construct project) => new()
    {
        CloudWatch = new CloudWatchLoggingOptions
        {
            LogGroup = new LogGroup(project, "Logs", new LogGroupProps { Retention = RetentionDays.THREE_MONTHS }),
        },
    };
}
