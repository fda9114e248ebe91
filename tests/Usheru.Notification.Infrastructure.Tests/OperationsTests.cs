using System.Text.Json.Nodes;

namespace Usheru.Notification.Infrastructure.Tests;

public sealed class OperationsTests(SynthesizedApp app) : IClassFixture<SynthesizedApp>
{
    public static TheoryData<string, string> AlarmSuffixes => Both(
        "target-5xx", "load-balancer-5xx", "response-time", "unhealthy-hosts", "tasks-below-desired", "queue-age", "failed-deliveries",
        "database-cpu", "database-storage", "database-connections");

    [Theory]
    [InlineData("development", 1, 2)]
    [InlineData("production", 2, 6)]
    public void The_task_count_scales_between_the_environment_s_minimum_and_maximum(string environment, int minimum, int maximum)
    {
        var target = app.Environment(environment).Properties("AWS::ApplicationAutoScaling::ScalableTarget");

        ((int?)target["MinCapacity"]).ShouldBe(minimum);
        ((int?)target["MaxCapacity"]).ShouldBe(maximum);
        ((string?)target["ScalableDimension"]).ShouldBe("ecs:service:DesiredCount");
    }

    [Theory]
    [InBothEnvironments]
    public void Tasks_are_added_on_CPU_and_on_the_due_deliveries_each_task_has_to_send(string environment)
    {
        var template = app.Environment(environment);
        var policies = template.Resources("AWS::ApplicationAutoScaling::ScalingPolicy")
            .Select(p => p.Value["Properties"]!["TargetTrackingScalingPolicyConfiguration"]!).ToList();

        policies.ShouldContain(p => (string?)p["PredefinedMetricSpecification"]!["PredefinedMetricType"] == "ECSServiceAverageCPUUtilization");
        var queue = policies.Single(p => p["CustomizedMetricSpecification"] != null)["CustomizedMetricSpecification"]!["Metrics"]!.AsArray();
        var depth = queue.Single(m => (string?)m!["Id"] == "queue")!["MetricStat"]!["Metric"]!;
        ((string?)depth["Namespace"]).ShouldBe((string?)template.ContainerSetting("Environment", "Metrics__CloudWatch__Namespace"));
        ((string?)depth["MetricName"]).ShouldBe("QueueDepth");
        ((string?)depth["Dimensions"]![0]!["Value"]).ShouldBe(environment);
        ((string?)queue.Single(m => (string?)m!["Id"] == "tasks")!["MetricStat"]!["Metric"]!["MetricName"]).ShouldBe("RunningTaskCount");
        ((string?)queue.Single(m => (bool?)m!["ReturnData"] == true)!["Expression"]).ShouldBe("queue / tasks");
    }

    [Theory]
    [InBothEnvironments]
    public void The_service_publishes_its_queue_as_embedded_metric_format_logs(string environment)
    {
        var template = app.Environment(environment);

        ((string?)template.ContainerSetting("Environment", "Metrics__CloudWatch__Enabled")).ShouldBe("true");
        ((string?)template.ContainerSetting("Environment", "Metrics__CloudWatch__Environment")).ShouldBe(environment);
        ((string?)template.Container()["LogConfiguration"]!["LogDriver"]).ShouldBe("awslogs");
    }

    [Theory]
    [InBothEnvironments]
    public void Container_Insights_is_on(string environment)
    {
        var settings = app.Environment(environment).Properties("AWS::ECS::Cluster")["ClusterSettings"]!.AsArray();

        settings.ShouldContain(s => (string?)s!["Name"] == "containerInsights" && (string?)s["Value"] == "enabled");
    }

    [Theory]
    [MemberData(nameof(AlarmSuffixes))]
    public void Each_alarm_tells_the_alarm_topic_when_it_fires_and_when_it_clears(string environment, string alarm)
    {
        var template = app.Environment(environment);
        var topic = AlarmTopic(template);

        var properties = template.Resources("AWS::CloudWatch::Alarm").Select(a => a.Value["Properties"]!)
            .Single(a => (string?)a["AlarmName"] == $"usheru-notification-{environment}-{alarm}");
        StackTemplate.LogicalId(properties["AlarmActions"]![0]).ShouldBe(topic);
        StackTemplate.LogicalId(properties["OKActions"]![0]).ShouldBe(topic);
        ((string?)properties["AlarmDescription"]).ShouldNotBeNull().ShouldContain("docs/operations.md#");
    }

    [Theory]
    [InBothEnvironments]
    public void A_deployment_rolls_back_when_its_tasks_answer_5xx(string environment)
    {
        var template = app.Environment(environment);
        var alarms = template.Properties("AWS::ECS::Service")["DeploymentConfiguration"]!["Alarms"]!;
        var name = (string?)alarms["AlarmNames"]![0];
        var alarm = template.Resources("AWS::CloudWatch::Alarm").Select(a => a.Value["Properties"]!).Single(a => (string?)a["AlarmName"] == name);

        ((bool?)alarms["Enable"]).ShouldBe(true);
        ((bool?)alarms["Rollback"]).ShouldBe(true);
        ((string?)alarm["MetricName"]).ShouldBe("HTTPCode_Target_5XX_Count");
    }

    [Theory]
    [InBothEnvironments]
    public void A_failed_pipeline_run_is_sent_to_the_alarm_topic(string environment)
    {
        var template = app.Environment(environment);
        var rule = template.Properties("AWS::Events::Rule");

        ((string?)rule["EventPattern"]!["source"]![0]).ShouldBe("aws.codepipeline");
        ((string?)rule["EventPattern"]!["detail"]!["state"]![0]).ShouldBe("FAILED");
        StackTemplate.LogicalId(rule["Targets"]![0]!["Arn"]).ShouldBe(AlarmTopic(template));
    }

    [Theory]
    [InBothEnvironments]
    public void One_dashboard_shows_traffic_tasks_the_queue_the_database_and_the_alarms(string environment)
    {
        var body = app.Environment(environment).Properties("AWS::CloudWatch::Dashboard")["DashboardBody"]!.ToJsonString();

        foreach (var shown in new[] { "RequestCount", "TargetResponseTime", "RunningTaskCount", "QueueDepth", "OldestQueuedAgeSeconds",
                     "DeliveriesFailed", "CPUUtilization", "DatabaseConnections", "FreeStorageSpace", "AlarmsTarget5xx" })
        {
            body.ShouldContain(shown);
        }
    }

    [Theory]
    [InBothEnvironments]
    public void ECS_replaces_a_task_only_after_health_ready_fails_longer_than_a_database_failover(string environment)
    {
        var check = app.Environment(environment).Container()["HealthCheck"]!;

        string.Join(' ', check["Command"]!.AsArray().Select(c => (string?)c)).ShouldContain("GET /health/ready");
        ((int)check["Interval"]! * (int)check["Retries"]!).ShouldBeGreaterThan(120);
        ((int?)check["StartPeriod"]).ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(60);
    }

    [Theory]
    [InlineData("development", "false")]
    [InlineData("production", "true")]
    public void Only_production_s_load_balancer_has_deletion_protection(string environment, string enabled)
    {
        var attributes = app.Environment(environment).Properties("AWS::ElasticLoadBalancingV2::LoadBalancer")["LoadBalancerAttributes"]!.AsArray();

        attributes.ShouldContain(a => (string?)a!["Key"] == "deletion_protection.enabled" && (string?)a["Value"] == enabled);
    }

    [Fact]
    public void Production_s_load_balancer_is_behind_AWS_managed_WAF_rules_that_let_the_API_s_bodies_through()
    {
        var template = app.Environment("production");
        var acl = template.Properties("AWS::WAFv2::WebACL");
        var rules = acl["Rules"]!.AsArray();

        ((string?)acl["Scope"]).ShouldBe("REGIONAL");
        rules.Select(r => (string?)r!["Statement"]!["ManagedRuleGroupStatement"]!["Name"])
            .ShouldBe(["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList"]);
        rules[0]!["Statement"]!["ManagedRuleGroupStatement"]!["RuleActionOverrides"]!.AsArray()
            .Select(o => $"{o!["Name"]}:{o["ActionToUse"]!.AsObject().Single().Key}")
            .ShouldBe(["SizeRestrictions_BODY:Count", "CrossSiteScripting_BODY:Count"]);
        template.TypeOf(template.Properties("AWS::WAFv2::WebACLAssociation")["ResourceArn"]).ShouldBe("AWS::ElasticLoadBalancingV2::LoadBalancer");
        app.Environment("development").Resources("AWS::WAFv2::WebACL").ShouldBeEmpty();
    }

    [Theory]
    [InBothEnvironments]
    public void Every_log_is_kept_for_a_limited_time(string environment)
    {
        var template = app.Environment(environment);
        var groups = template.Resources("AWS::Logs::LogGroup");

        groups.ShouldAllBe(group => (int?)group.Value["Properties"]!["RetentionInDays"] > 0);
        template.Resources("AWS::CodeBuild::Project").ShouldAllBe(project =>
            template.TypeOf(project.Value["Properties"]!["LogsConfig"]!["CloudWatchLogs"]!["GroupName"]) == "AWS::Logs::LogGroup");
        template.TypeOf(template.Properties("AWS::Lambda::Function")["LoggingConfig"]!["LogGroup"]).ShouldBe("AWS::Logs::LogGroup");
    }

    private static string AlarmTopic(StackTemplate template) =>
        template.Resources("AWS::SNS::Topic").Single(t => ((string?)t.Value["Properties"]!["TopicName"])!.EndsWith("-alarms")).Key;

    private static TheoryData<string, string> Both(params string[] values)
    {
        var data = new TheoryData<string, string>();
        foreach (var environment in new[] { "development", "production" })
        {
            foreach (var value in values)
            {
                data.Add(environment, value);
            }
        }
        return data;
    }
}
