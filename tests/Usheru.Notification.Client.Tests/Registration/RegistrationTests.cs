using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Usheru.Notification.Client.Tests.Support;

namespace Usheru.Notification.Client.Tests.Registration;

public sealed class RegistrationTests(ServiceAndClient live) : IClassFixture<ServiceAndClient>
{
    [Fact]
    public async Task Reads_its_options_from_the_NotificationClient_configuration_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["NotificationClient:BaseAddress"] = live.BaseAddress.ToString(),
            ["NotificationClient:ApiKey"] = TestService.BootstrapKey,
        }).Build();
        await using var provider = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddNotificationClient().Services.BuildServiceProvider();

        var client = provider.GetRequiredService<INotificationClient>();

        (await client.GetNotificationAsync("ntf_0198f7d1c0a27a4c9b3e2f1d0c9b8a76")).ShouldBeNull();
    }

    [Fact]
    public async Task Lets_code_override_the_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["NotificationClient:BaseAddress"] = live.BaseAddress.ToString(),
            ["NotificationClient:ApiKey"] = "stale-key",
        }).Build();
        await using var provider = new ServiceCollection().AddSingleton<IConfiguration>(configuration)
            .AddNotificationClient(o => o.ApiKey = TestService.BootstrapKey).Services.BuildServiceProvider();

        var client = provider.GetRequiredService<INotificationClient>();

        (await client.GetNotificationAsync("ntf_0198f7d1c0a27a4c9b3e2f1d0c9b8a76")).ShouldBeNull();
    }

    [Fact]
    public async Task Refuses_to_start_without_a_base_address_or_an_api_key()
    {
        await using var provider = new ServiceCollection().AddNotificationClient().Services.BuildServiceProvider();

        var error = Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<INotificationClient>());

        error.Failures.ShouldBe(["NotificationClient:BaseAddress must be an absolute URI.", "NotificationClient:ApiKey is required."]);
    }
}
