using System.Text.Json.Nodes;

namespace Usheru.Notification.Infrastructure.Tests;

public sealed class MailTests(SynthesizedApp app) : IClassFixture<SynthesizedApp>
{
    [Fact]
    public void The_domain_is_an_SES_identity_signed_with_2048_bit_Easy_DKIM_whose_records_are_in_the_zone()
    {
        var mail = app.Mail;
        var identity = mail.Properties("AWS::SES::EmailIdentity");
        var records = mail.Resources("AWS::Route53::RecordSet").Select(record => record.Value["Properties"]!).ToList();

        ((string?)identity["EmailIdentity"]).ShouldBe("usheru.com");
        ((string?)identity["DkimSigningAttributes"]!["NextSigningKeyLength"]).ShouldBe("RSA_2048_BIT");
        ((bool?)identity["DkimAttributes"]!["SigningEnabled"]).ShouldBe(true);
        var dkim = records.Where(record => (string?)record["Type"] == "CNAME").ToList();
        dkim.Count.ShouldBe(3);
        dkim.ShouldAllBe(record => (string?)record["HostedZoneId"] == "Z0000000000000EXAMPLE");
        dkim.Select(record => record["Name"]!.ToJsonString()).ShouldAllBe(name => name.Contains("DkimDNSTokenName"));
    }

    [Fact]
    public void Mail_from_is_bounce_dot_the_domain_with_its_MX_and_SPF_records()
    {
        var mail = app.Mail;
        var records = mail.Resources("AWS::Route53::RecordSet").Select(record => record.Value["Properties"]!).ToList();

        ((string?)mail.Properties("AWS::SES::EmailIdentity")["MailFromAttributes"]!["MailFromDomain"]).ShouldBe("bounce.usheru.com");
        records.ShouldContain(record => (string?)record["Type"] == "MX" && (string?)record["Name"] == "bounce.usheru.com."
            && (string?)record["ResourceRecords"]![0] == "10 feedback-smtp.eu-west-1.amazonses.com");
        records.ShouldContain(record => (string?)record["Type"] == "TXT" && (string?)record["Name"] == "bounce.usheru.com."
            && record["ResourceRecords"]![0]!.ToJsonString().Contains("v=spf1 include:amazonses.com ~all"));
    }

    [Theory]
    [InBothEnvironments]
    public void The_configuration_set_publishes_bounces_complaints_and_deliveries_to_the_feedback_topic(string environment)
    {
        var template = app.Environment(environment);
        var destination = template.Properties("AWS::SES::ConfigurationSetEventDestination");
        var topic = template.Resources("AWS::SNS::Topic").Single(t => ((string?)t.Value["Properties"]!["TopicName"])!.EndsWith("-ses-feedback")).Key;

        ((string?)template.Properties("AWS::SES::ConfigurationSet")["Name"]).ShouldBe($"usheru-notification-{environment}");
        var events = destination["EventDestination"]!["MatchingEventTypes"]!.AsArray().Select(e => (string?)e).ToList();
        events.ShouldContain("bounce");
        events.ShouldContain("complaint");
        events.ShouldContain("delivery");
        StackTemplate.LogicalId(destination["EventDestination"]!["SnsDestination"]!["TopicARN"]).ShouldBe(topic);
        template.Resources("AWS::SNS::TopicPolicy").Select(p => p.Value["Properties"]!)
            .Single(p => p["Topics"]!.AsArray().Any(t => StackTemplate.LogicalId(t) == topic))["PolicyDocument"]!.ToJsonString()
            .ShouldContain("\"Service\":\"ses.amazonaws.com\"");
    }

    [Theory]
    [InlineData("development", "notification.develop.usheru.com")]
    [InlineData("production", "notification.usheru.com")]
    public void The_topic_posts_over_HTTPS_to_the_service_once_it_answers_at_its_name(string environment, string domain)
    {
        var template = app.Environment(environment);
        var (id, subscription) = template.Resources("AWS::SNS::Subscription").ShouldHaveSingleItem();
        var properties = subscription["Properties"]!;
        var retry = properties["DeliveryPolicy"]!["healthyRetryPolicy"]!;

        ((string?)properties["Protocol"]).ShouldBe("https");
        ((string?)properties["Endpoint"]).ShouldBe($"https://{domain}/providers/ses/sns");
        template.DependsOn(id).ShouldContain(template.Resources("AWS::ECS::Service").Single().Key);
        template.DependsOn(id).ShouldContain(template.Resources("AWS::Route53::RecordSet").Single().Key);
        // Retries end before the service's replay window (Providers:Ses:MaxMessageAge, 1 hour).
        ((int)retry["numMaxDelayRetries"]! * (int)retry["maxDelayTarget"]! + (int)retry["numRetries"]! * (int)retry["maxDelayTarget"]!).ShouldBeLessThan(3600 * 2);
        ((int)retry["numRetries"]!).ShouldBeLessThanOrEqualTo(16);
    }

    [Theory]
    [InBothEnvironments]
    public void The_service_sends_through_SES_SMTP_with_credentials_from_Secrets_Manager(string environment)
    {
        var template = app.Environment(environment);

        ((string?)template.ContainerSetting("Environment", "Email__Smtp__Host")).ShouldBe("email-smtp.eu-west-1.amazonaws.com");
        ((string?)template.ContainerSetting("Environment", "Email__Smtp__Port")).ShouldBe("587");
        ((string?)template.ContainerSetting("Environment", "Email__Smtp__Security")).ShouldBe("StartTls");
        foreach (var (setting, field) in new[] { ("Email__Smtp__Username", ":username::"), ("Email__Smtp__Password", ":password::") })
        {
            var valueFrom = template.ContainerSetting("Secrets", setting)!["Fn::Join"]![1]!.AsArray();
            template.TypeOf(valueFrom[0]).ShouldBe("AWS::SecretsManager::Secret");
            ((string?)valueFrom[1]).ShouldBe(field);
        }
    }

    [Theory]
    [InBothEnvironments]
    public void The_SMTP_credentials_are_issued_into_the_secret_before_any_task_starts(string environment)
    {
        var template = app.Environment(environment);
        var secret = StackTemplate.LogicalId(template.ContainerSetting("Secrets", "Email__Smtp__Password")!["Fn::Join"]![1]![0]);
        var (issued, resource) = template.Json["Resources"]!.AsObject().Single(r => ((string?)r.Value!["Type"])!.StartsWith("AWS::CloudFormation::CustomResource")
            || (string?)r.Value!["Type"] == "Custom::AWS" || ((string?)r.Value!["Type"])!.StartsWith("Custom::"));
        var taskDefinition = template.Resources("AWS::ECS::TaskDefinition").Single().Key;

        StackTemplate.LogicalId(resource!["Properties"]!["SecretArn"]).ShouldBe(secret);
        template.DependsOn(taskDefinition).ShouldContain(issued);
        var code = (string)template.Properties("AWS::Lambda::Function")["Code"]!["ZipFile"]!;
        code.ShouldContain("put_secret_value");
        code.ShouldContain("\"SendRawEmail\"");
        code.ShouldNotContain("print(event");
    }

    [Theory]
    [InBothEnvironments]
    public void The_SMTP_user_may_only_send_raw_email_from_the_identity_through_the_configuration_set(string environment)
    {
        var template = app.Environment(environment);
        var user = template.Resources("AWS::IAM::User").ShouldHaveSingleItem().Key;
        var statements = template.Resources("AWS::IAM::Policy").Select(p => p.Value["Properties"]!)
            .Where(p => p["Users"] is JsonArray users && users.Any(u => StackTemplate.LogicalId(u) == user))
            .SelectMany(p => p["PolicyDocument"]!["Statement"]!.AsArray()).ToList();

        var statement = statements.ShouldHaveSingleItem()!;
        ((string?)statement["Action"]).ShouldBe("ses:SendRawEmail");
        statement["Resource"]!.ToJsonString().ShouldContain(":identity/usheru.com");
        statement["Resource"]!.ToJsonString().ShouldContain($":configuration-set/usheru-notification-{environment}");
    }

    [Theory]
    [InBothEnvironments]
    public void Mail_names_the_configuration_set_and_the_service_accepts_feedback_only_from_its_topic(string environment)
    {
        var template = app.Environment(environment);
        var topic = template.Resources("AWS::SNS::Topic").Single(t => ((string?)t.Value["Properties"]!["TopicName"])!.EndsWith("-ses-feedback")).Key;

        ((string?)template.ContainerSetting("Environment", "Email__SesConfigurationSet")).ShouldBe($"usheru-notification-{environment}");
        StackTemplate.LogicalId(template.ContainerSetting("Environment", "Providers__Ses__TopicArns__0")).ShouldBe(topic);
    }
}
