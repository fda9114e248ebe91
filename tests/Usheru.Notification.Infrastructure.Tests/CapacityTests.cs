namespace Usheru.Notification.Infrastructure.Tests;

public sealed class CapacityTests(SynthesizedApp app) : IClassFixture<SynthesizedApp>
{
    [Theory]
    [InBothEnvironments]
    public void Instances_launch_from_a_launch_template_never_a_launch_configuration(string environment)
    {
        var template = app.Environment(environment);
        var group = template.Properties("AWS::AutoScaling::AutoScalingGroup");

        template.Resources("AWS::AutoScaling::LaunchConfiguration").ShouldBeEmpty();
        group["LaunchConfigurationName"].ShouldBeNull();
        template.TypeOf(group["LaunchTemplate"]!["LaunchTemplateId"]).ShouldBe("AWS::EC2::LaunchTemplate");
    }

    [Theory]
    [InBothEnvironments]
    public void Instances_require_IMDSv2_out_of_reach_of_the_containers(string environment)
    {
        var metadata = app.Environment(environment).Properties("AWS::EC2::LaunchTemplate")["LaunchTemplateData"]!["MetadataOptions"]!;

        ((string?)metadata["HttpTokens"]).ShouldBe("required");
        ((int?)metadata["HttpPutResponseHopLimit"]).ShouldBe(1);
    }

    [Theory]
    [InBothEnvironments]
    public void Instances_run_the_ECS_optimized_Amazon_Linux_2023_AMI(string environment)
    {
        var template = app.Environment(environment);
        var imageParameterId = (string)template.Properties("AWS::EC2::LaunchTemplate")["LaunchTemplateData"]!["ImageId"]!["Ref"]!;

        ((string?)template.Json["Parameters"]![imageParameterId]!["Default"])
            .ShouldBe("/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id");
    }

    [Theory]
    [InlineData("development", 1, 2)]
    [InlineData("production", 2, 6)]
    public void ECS_scales_the_instances_with_room_for_a_deployment_at_twice_the_tasks(string environment, int minimum, int maximum)
    {
        var template = app.Environment(environment);
        var group = template.Properties("AWS::AutoScaling::AutoScalingGroup");
        var provider = template.Properties("AWS::ECS::CapacityProvider")["AutoScalingGroupProvider"]!;

        ((string?)group["MinSize"]).ShouldBe(minimum.ToString(System.Globalization.CultureInfo.InvariantCulture));
        ((string?)group["MaxSize"]).ShouldBe(maximum.ToString(System.Globalization.CultureInfo.InvariantCulture));
        ((string?)provider["ManagedScaling"]!["Status"]).ShouldBe("ENABLED");
        // Instances running tasks are not terminated by scale-in.
        ((string?)provider["ManagedTerminationProtection"]).ShouldBe("ENABLED");
    }

    [Theory]
    [InBothEnvironments]
    public void The_network_spans_two_zones_named_without_asking_AWS(string environment)
    {
        app.Environment(environment).Resources("AWS::EC2::Subnet")
            .Select(subnet => (string?)subnet.Value["Properties"]!["AvailabilityZone"])
            .Distinct().Order()
            .ShouldBe(["eu-west-1a", "eu-west-1b"]);
    }
}
