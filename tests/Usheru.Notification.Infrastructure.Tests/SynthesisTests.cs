namespace Usheru.Notification.Infrastructure.Tests;

public sealed class SynthesisTests(SynthesizedApp app) : IClassFixture<SynthesizedApp>
{
    [Fact]
    public void Synthesis_needs_no_lookups_in_AWS()
    {
        (app.Assembly.Manifest.Missing ?? []).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("UsheruNotification-development")]
    [InlineData("UsheruNotification-production")]
    public void Environment_stacks_deploy_after_the_registry_and_mail_stacks(string stackName)
    {
        var dependencies = app.Assembly.GetStackByName(stackName).Dependencies.Select(dependency => dependency.Id).ToList();

        dependencies.ShouldContain("UsheruNotification-registry");
        dependencies.ShouldContain("UsheruNotification-mail");
    }

    [Theory]
    [InlineData("UsheruNotification-registry")]
    [InlineData("UsheruNotification-mail")]
    [InlineData("UsheruNotification-development")]
    [InlineData("UsheruNotification-production")]
    public void Every_stack_targets_the_configured_account_and_region(string stackName)
    {
        var environment = app.Assembly.GetStackByName(stackName).Environment;

        environment.Account.ShouldBe("123456789012");
        environment.Region.ShouldBe("eu-west-1");
    }
}
