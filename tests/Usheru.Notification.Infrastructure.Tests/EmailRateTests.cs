namespace Usheru.Notification.Infrastructure.Tests;

/// <summary>
/// The account's SES sending rate, shared out between the environments with
/// <c>-c productionEmailRatePerSecond=… -c developmentEmailRatePerSecond=…</c>, caps each
/// environment's email channel (docs/deployment.md, "SES out of the sandbox").
/// </summary>
public sealed class EmailRateTests(EmailRateTests.WithEmailRates capped, SynthesizedApp placeholders)
    : IClassFixture<EmailRateTests.WithEmailRates>, IClassFixture<SynthesizedApp>
{
    [Theory]
    [InlineData("development", "2")]
    [InlineData("production", "12.5")]
    public void Each_environment_s_tasks_send_email_at_most_at_its_share_of_the_SES_rate(string environment, string rate)
    {
        ((string?)capped.Environment(environment).ContainerSetting("Environment", "Delivery__Channels__email__RatePerSecond")).ShouldBe(rate);
    }

    [Theory]
    [InBothEnvironments]
    public void Without_a_rate_in_the_context_email_is_not_capped(string environment)
    {
        placeholders.Environment(environment).Container()["Environment"]!.ToJsonString().ShouldNotContain("Delivery__Channels__email");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("fourteen")]
    public void A_rate_that_is_not_a_positive_number_stops_synthesis(string rate)
    {
        var context = new Dictionary<string, object>
        {
            ["account"] = "123456789012", ["hostedZoneId"] = "Z0000000000000EXAMPLE", ["hostedZoneName"] = "usheru.com",
            ["connectionArn"] = "arn:aws:codestar-connections:eu-west-1:123456789012:connection/0", ["githubOwner"] = "usheru",
            ["githubRepo"] = "usheru-notification", ["productionEmailRatePerSecond"] = rate,
        };

        Should.Throw<InvalidOperationException>(() => Program.Compose(new Amazon.CDK.App(new Amazon.CDK.AppProps { Context = context })))
            .Message.ShouldContain("productionEmailRatePerSecond");
    }

    /// <summary>The app as `cdk deploy -c developmentEmailRatePerSecond=2 -c productionEmailRatePerSecond=12.5` synthesizes it.</summary>
    public sealed class WithEmailRates() : SynthesizedApp(new Dictionary<string, object>
    {
        ["developmentEmailRatePerSecond"] = "2",
        ["productionEmailRatePerSecond"] = "12.5",
    });
}
