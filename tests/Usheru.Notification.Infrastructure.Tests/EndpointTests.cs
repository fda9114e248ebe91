using System.Text.Json.Nodes;

namespace Usheru.Notification.Infrastructure.Tests;

public sealed class EndpointTests(SynthesizedApp app) : IClassFixture<SynthesizedApp>
{
    [Theory]
    [InlineData("development", "notification.develop.usheru.com")]
    [InlineData("production", "notification.usheru.com")]
    public void HTTPS_on_443_serves_a_DNS_validated_certificate_for_the_domain(string environment, string domain)
    {
        var template = app.Environment(environment);
        var https = Listener(template, 443);
        var certificate = template.Referenced(https["Certificates"]![0]!["CertificateArn"])["Properties"]!;

        ((string?)https["Protocol"]).ShouldBe("HTTPS");
        ((string?)certificate["DomainName"]).ShouldBe(domain);
        ((string?)certificate["ValidationMethod"]).ShouldBe("DNS");
        ((string?)certificate["DomainValidationOptions"]![0]!["HostedZoneId"]).ShouldBe("Z0000000000000EXAMPLE");
    }

    [Theory]
    [InBothEnvironments]
    public void HTTP_on_80_redirects_to_HTTPS(string environment)
    {
        var http = Listener(app.Environment(environment), 80);
        var action = http["DefaultActions"]!.AsArray().ShouldHaveSingleItem()!;

        ((string?)http["Protocol"]).ShouldBe("HTTP");
        ((string?)action["Type"]).ShouldBe("redirect");
        ((string?)action["RedirectConfig"]!["Protocol"]).ShouldBe("HTTPS");
        ((string?)action["RedirectConfig"]!["Port"]).ShouldBe("443");
    }

    [Theory]
    [InBothEnvironments]
    public void The_target_group_checks_health_live_so_a_database_failover_empties_no_target_group(string environment)
    {
        var targetGroup = app.Environment(environment).Properties("AWS::ElasticLoadBalancingV2::TargetGroup");

        ((string?)targetGroup["HealthCheckPath"]).ShouldBe("/health/live");
        ((string?)targetGroup["HealthCheckPort"]).ShouldBe("traffic-port");
        ((string?)targetGroup["Matcher"]!["HttpCode"]).ShouldBe("200");
        ((string?)targetGroup["TargetType"]).ShouldBe("instance");
    }

    [Theory]
    [InlineData("development", "notification.develop.usheru.com")]
    [InlineData("production", "notification.usheru.com")]
    public void The_domain_is_a_CNAME_to_the_load_balancer(string environment, string domain)
    {
        var template = app.Environment(environment);
        var record = template.Properties("AWS::Route53::RecordSet");
        var target = record["ResourceRecords"]!.AsArray().ShouldHaveSingleItem()!;

        ((string?)record["Type"]).ShouldBe("CNAME");
        ((string?)record["Name"]).ShouldBe($"{domain}.");
        ((string?)record["HostedZoneId"]).ShouldBe("Z0000000000000EXAMPLE");
        template.TypeOf(target).ShouldBe("AWS::ElasticLoadBalancingV2::LoadBalancer");
        ((string?)target["Fn::GetAtt"]![1]).ShouldBe("DNSName");
    }

    [Theory]
    [InBothEnvironments]
    public void The_load_balancer_may_reach_the_dynamic_host_ports_of_the_container_instances(string environment)
    {
        var template = app.Environment(environment);
        var instanceGroup = template.Properties("AWS::EC2::LaunchTemplate")["LaunchTemplateData"]!["SecurityGroupIds"]![0]!;
        var loadBalancerGroup = template.Properties("AWS::ElasticLoadBalancingV2::LoadBalancer")["SecurityGroups"]![0]!;

        template.Resources("AWS::EC2::SecurityGroupIngress").Select(rule => rule.Value["Properties"]!).ShouldContain(rule =>
            JsonNode.DeepEquals(rule["GroupId"], instanceGroup)
            && JsonNode.DeepEquals(rule["SourceSecurityGroupId"], loadBalancerGroup)
            && (int?)rule["FromPort"] == 32768
            && (int?)rule["ToPort"] == 65535);
    }

    private static JsonObject Listener(StackTemplate template, int port) =>
        template.Resources("AWS::ElasticLoadBalancingV2::Listener")
            .Select(listener => listener.Value["Properties"]!.AsObject())
            .Where(listener => (int?)listener["Port"] == port)
            .ShouldHaveSingleItem($"one listener on port {port}");
}
