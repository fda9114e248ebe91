namespace Usheru.Notification.Infrastructure.Tests;

public sealed class ServiceTests(SynthesizedApp app) : IClassFixture<SynthesizedApp>
{
    [Fact]
    public void Development_runs_one_task()
    {
        var service = app.Environment("development").Properties("AWS::ECS::Service");

        ((int?)service["DesiredCount"]).ShouldBe(1);
    }

    [Fact]
    public void Production_runs_two_tasks_spread_across_zones()
    {
        var service = app.Environment("production").Properties("AWS::ECS::Service");

        ((int?)service["DesiredCount"]).ShouldBe(2);
        var first = service["PlacementStrategies"]!.AsArray()[0]!;
        ((string?)first["Type"]).ShouldBe("spread");
        ((string?)first["Field"]).ShouldBe("attribute:ecs.availability-zone");
    }

    [Theory]
    [InBothEnvironments]
    public void Tasks_run_on_EC2_instances_of_the_Auto_Scaling_group_capacity_provider(string environment)
    {
        var template = app.Environment(environment);
        var strategy = template.Properties("AWS::ECS::Service")["CapacityProviderStrategy"]!.AsArray().ShouldHaveSingleItem()!;
        var capacityProvider = template.Referenced(strategy["CapacityProvider"]);

        template.Properties("AWS::ECS::TaskDefinition")["RequiresCompatibilities"]!.AsArray()
            .Select(value => (string?)value).ShouldBe(["EC2"]);
        template.TypeOf(capacityProvider["Properties"]!["AutoScalingGroupProvider"]!["AutoScalingGroupArn"])
            .ShouldBe("AWS::AutoScaling::AutoScalingGroup");
    }

    [Theory]
    [InBothEnvironments]
    public void The_container_listens_on_8080_behind_a_dynamic_host_port_in_bridge_mode(string environment)
    {
        var template = app.Environment(environment);
        var mapping = template.Container()["PortMappings"]!.AsArray().ShouldHaveSingleItem()!;

        ((string?)template.Properties("AWS::ECS::TaskDefinition")["NetworkMode"]).ShouldBe("bridge");
        ((int?)mapping["ContainerPort"]).ShouldBe(8080);
        ((int?)mapping["HostPort"]).ShouldBe(0);
    }

    [Theory]
    [InBothEnvironments]
    public void The_container_is_named_notification_in_the_task_and_behind_the_load_balancer(string environment)
    {
        var template = app.Environment(environment);

        ((string?)template.Container()["Name"]).ShouldBe("notification");
        ((string?)template.Properties("AWS::ECS::Service")["LoadBalancers"]![0]!["ContainerName"]).ShouldBe("notification");
    }

    [Theory]
    [InBothEnvironments]
    public void Deployments_keep_the_desired_count_healthy_and_may_double_it(string environment)
    {
        var deployment = app.Environment(environment).Properties("AWS::ECS::Service")["DeploymentConfiguration"]!;

        ((int?)deployment["MinimumHealthyPercent"]).ShouldBe(100);
        ((int?)deployment["MaximumPercent"]).ShouldBe(200);
    }

    [Theory]
    [InBothEnvironments]
    public void A_deployment_whose_tasks_do_not_become_healthy_is_rolled_back(string environment)
    {
        var breaker = app.Environment(environment).Properties("AWS::ECS::Service")["DeploymentConfiguration"]!["DeploymentCircuitBreaker"]!;

        ((bool?)breaker["Enable"]).ShouldBe(true);
        ((bool?)breaker["Rollback"]).ShouldBe(true);
    }

    [Theory]
    [InBothEnvironments]
    public void The_load_balancer_lets_go_of_a_task_before_ECS_may_kill_it(string environment)
    {
        var template = app.Environment(environment);
        var deregistrationDelay = template.Properties("AWS::ElasticLoadBalancingV2::TargetGroup")["TargetGroupAttributes"]!.AsArray()
            .Where(attribute => (string?)attribute!["Key"] == "deregistration_delay.timeout_seconds")
            .Select(attribute => int.Parse((string)attribute!["Value"]!, System.Globalization.CultureInfo.InvariantCulture))
            .ShouldHaveSingleItem();
        var stopTimeout = (int)template.Container()["StopTimeout"]!;

        deregistrationDelay.ShouldBeLessThan(stopTimeout);
        // The service drains in 25 s: ECS must give it that long after SIGTERM.
        stopTimeout.ShouldBeGreaterThan(25);
    }

    [Theory]
    [InBothEnvironments]
    public void Container_logs_go_to_a_CloudWatch_log_group(string environment)
    {
        var template = app.Environment(environment);
        var logging = template.Container()["LogConfiguration"]!;

        ((string?)logging["LogDriver"]).ShouldBe("awslogs");
        template.TypeOf(logging["Options"]!["awslogs-group"]).ShouldBe("AWS::Logs::LogGroup");
    }

    [Theory]
    [InBothEnvironments]
    public void The_image_is_the_tag_the_pipeline_last_deployed_resolved_when_CloudFormation_deploys(string environment)
    {
        var template = app.Environment(environment);
        var image = template.Container()["Image"]!["Fn::Join"]![1]!.AsArray();
        var tagParameterId = (string)image.Last()!["Ref"]!;
        var tagParameter = template.Json["Parameters"]![tagParameterId]!;

        image.ToJsonString().ShouldContain("/usheru-notification:");
        ((string?)tagParameter["Type"]).ShouldBe("AWS::SSM::Parameter::Value<String>");
        ((string?)tagParameter["Default"]).ShouldBe($"/usheru/notification/{environment}/deployed-image-tag");
    }
}
