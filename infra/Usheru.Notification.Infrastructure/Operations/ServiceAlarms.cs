using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Events.Targets;
using Amazon.CDK.AWS.RDS;
using Amazon.CDK.AWS.SNS;
using Constructs;
using Usheru.Notification.Infrastructure.Service;
using Usheru.Notification.Infrastructure.Settings;

namespace Usheru.Notification.Infrastructure.Operations;

/// <summary>
/// What an operator must hear about, each alarm to the environment's alarm topic (and back to OK):
/// server errors at the tasks (also the deployment alarm that rolls a deploy back) and at the load
/// balancer, slow answers, unhealthy targets, fewer tasks running than desired, a delivery backlog
/// that has waited too long, a rising share of failed deliveries, a busy, full or crowded
/// database; and a failed pipeline run (an EventBridge rule: pipelines publish no metrics).
/// docs/operations.md says what each means and what to do.
/// </summary>
internal sealed class ServiceAlarms : Construct
{
    public ServiceAlarms(
        Construct scope, string id, DeploymentEnvironment environment, ITopic topic, ServiceMetrics metrics,
        IApplicationLoadBalancer loadBalancer, IApplicationTargetGroup targetGroup, IDatabaseInstance database, Amazon.CDK.AWS.CodePipeline.Pipeline pipeline)
        : base(scope, id)
    {
        var prefix = $"usheru-notification-{environment.Name}";
        var minute = new MetricOptions { Period = Duration.Minutes(1) };
        Add(topic, new Alarm(this, "Target5xx", new AlarmProps
        {
            AlarmName = NotificationService.DeploymentAlarmName(environment),
            AlarmDescription = "Tasks answer 5xx (also rolls back a deployment). docs/operations.md#target-5xx",
            Metric = targetGroup.Metrics.HttpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT, minute),
            Threshold = 10,
            EvaluationPeriods = 3,
            DatapointsToAlarm = 2,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            TreatMissingData = TreatMissingData.NOT_BREACHING,
        }));
        Add(topic, new Alarm(this, "LoadBalancer5xx", new AlarmProps
        {
            AlarmName = $"{prefix}-load-balancer-5xx",
            AlarmDescription = "The load balancer itself answers 5xx (no healthy target, timeouts). docs/operations.md#load-balancer-5xx",
            Metric = loadBalancer.Metrics.HttpCodeElb(HttpCodeElb.ELB_5XX_COUNT, minute),
            Threshold = 10,
            EvaluationPeriods = 3,
            DatapointsToAlarm = 2,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            TreatMissingData = TreatMissingData.NOT_BREACHING,
        }));
        Add(topic, new Alarm(this, "ResponseTime", new AlarmProps
        {
            AlarmName = $"{prefix}-response-time",
            AlarmDescription = "p95 of the tasks' response time over 1 s for 5 minutes. docs/operations.md#response-time",
            Metric = targetGroup.Metrics.TargetResponseTime(new MetricOptions { Period = Duration.Minutes(1), Statistic = "p95" }),
            Threshold = 1,
            EvaluationPeriods = 5,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_THRESHOLD,
            TreatMissingData = TreatMissingData.NOT_BREACHING,
        }));
        Add(topic, new Alarm(this, "UnhealthyHosts", new AlarmProps
        {
            AlarmName = $"{prefix}-unhealthy-hosts",
            AlarmDescription = "A target fails /health/live for 5 minutes. docs/operations.md#unhealthy-hosts",
            Metric = targetGroup.Metrics.UnhealthyHostCount(new MetricOptions { Period = Duration.Minutes(1), Statistic = "Maximum" }),
            Threshold = 1,
            EvaluationPeriods = 5,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            TreatMissingData = TreatMissingData.NOT_BREACHING,
        }));
        Add(topic, new Alarm(this, "TasksBelowDesired", new AlarmProps
        {
            AlarmName = $"{prefix}-tasks-below-desired",
            AlarmDescription = "Fewer tasks run than ECS wants, for 10 minutes. docs/operations.md#tasks-below-desired",
            Metric = new MathExpression(new MathExpressionProps
            {
                Expression = "desired - running",
                UsingMetrics = new Dictionary<string, IMetric> { ["desired"] = metrics.Tasks("DesiredTaskCount"), ["running"] = metrics.Tasks("RunningTaskCount") },
                Label = "Tasks missing",
                Period = Duration.Minutes(1),
            }),
            Threshold = 1,
            EvaluationPeriods = 10,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            TreatMissingData = TreatMissingData.BREACHING,
        }));
        Add(topic, new Alarm(this, "QueueAge", new AlarmProps
        {
            AlarmName = $"{prefix}-queue-age",
            AlarmDescription = "The oldest due delivery has waited over 15 minutes. docs/operations.md#queue-age",
            Metric = metrics.Own("OldestQueuedAgeSeconds", "Maximum"),
            Threshold = 900,
            EvaluationPeriods = 3,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_THRESHOLD,
            TreatMissingData = TreatMissingData.NOT_BREACHING,
        }));
        Add(topic, new Alarm(this, "FailedDeliveries", new AlarmProps
        {
            AlarmName = $"{prefix}-failed-deliveries",
            AlarmDescription = "Over 10 % of ended deliveries failed, 15 minutes running, at 20 or more. docs/operations.md#failed-deliveries",
            Metric = new MathExpression(new MathExpressionProps
            {
                Expression = "IF(sent + failed >= 20, 100 * failed / (sent + failed), 0)",
                UsingMetrics = new Dictionary<string, IMetric>
                {
                    ["sent"] = metrics.Own("DeliveriesSent", "Sum", Duration.Minutes(5)),
                    ["failed"] = metrics.Own("DeliveriesFailed", "Sum", Duration.Minutes(5)),
                },
                Label = "Failed deliveries (%)",
                Period = Duration.Minutes(5),
            }),
            Threshold = 10,
            EvaluationPeriods = 3,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_THRESHOLD,
            TreatMissingData = TreatMissingData.NOT_BREACHING,
        }));
        Add(topic, new Alarm(this, "DatabaseCpu", new AlarmProps
        {
            AlarmName = $"{prefix}-database-cpu",
            AlarmDescription = "Database CPU over 80 % for 15 minutes. docs/operations.md#database-cpu",
            Metric = database.MetricCPUUtilization(new MetricOptions { Period = Duration.Minutes(5) }),
            Threshold = 80,
            EvaluationPeriods = 3,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_THRESHOLD,
        }));
        Add(topic, new Alarm(this, "DatabaseStorage", new AlarmProps
        {
            AlarmName = $"{prefix}-database-storage",
            AlarmDescription = "Under 2 GiB of database storage free. docs/operations.md#database-storage",
            Metric = database.MetricFreeStorageSpace(new MetricOptions { Period = Duration.Minutes(5), Statistic = "Minimum" }),
            Threshold = 2L * 1024 * 1024 * 1024,
            EvaluationPeriods = 1,
            ComparisonOperator = ComparisonOperator.LESS_THAN_THRESHOLD,
        }));
        Add(topic, new Alarm(this, "DatabaseConnections", new AlarmProps
        {
            AlarmName = $"{prefix}-database-connections",
            AlarmDescription = $"Over 80 % of the database's {environment.DatabaseMaxConnections} connections in use. docs/operations.md#database-connections",
            Metric = database.MetricDatabaseConnections(new MetricOptions { Period = Duration.Minutes(5), Statistic = "Maximum" }),
            Threshold = Math.Floor(environment.DatabaseMaxConnections * 0.8),
            EvaluationPeriods = 2,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_THRESHOLD,
        }));

        pipeline.OnStateChange("Failed", new OnEventOptions
        {
            RuleName = $"{prefix}-pipeline-failed",
            Description = "A run of the delivery pipeline failed. docs/operations.md#pipeline-failed",
            EventPattern = new EventPattern { Detail = new Dictionary<string, object> { ["state"] = FailedState } },
            Target = new SnsTopic(topic),
        });
    }

    private static readonly string[] FailedState = ["FAILED"];

    public List<Alarm> Alarms { get; } = [];

    private void Add(ITopic topic, Alarm alarm)
    {
        Alarms.Add(alarm);
        alarm.AddAlarmAction(new SnsAction(topic));
        alarm.AddOkAction(new SnsAction(topic));
    }
}
