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
        await using var provider = new ServiceCollection().AddSingleton(Configuration(TestService.BootstrapKey))
            .AddNotificationClient().Services.BuildServiceProvider();

        var client = provider.GetRequiredService<INotificationClient>();

        (await client.GetNotificationAsync("ntf_0198f7d1c0a27a4c9b3e2f1d0c9b8a76")).ShouldBeNull();
    }

    [Fact]
    public async Task Lets_code_override_the_configuration()
    {
        await using var provider = new ServiceCollection().AddSingleton(Configuration("stale-key"))
            .AddNotificationClient(o => o.ApiKey = TestService.BootstrapKey).Services.BuildServiceProvider();

        var client = provider.GetRequiredService<INotificationClient>();

        (await client.GetNotificationAsync("ntf_0198f7d1c0a27a4c9b3e2f1d0c9b8a76")).ShouldBeNull();
    }

    [Fact]
    public async Task Keeps_the_path_of_its_base_address()
    {
        var behindAGateway = new ServiceCollection().AddNotificationClient(o =>
        {
            o.BaseAddress = new Uri(live.BaseAddress, "gateway");
            o.ApiKey = TestService.BootstrapKey;
        });
        await using var provider = behindAGateway.Services.BuildServiceProvider();

        var error = await Should.ThrowAsync<NotificationApiException>(() => provider.GetRequiredService<INotificationClient>().GetNotificationsPageAsync());

        error.Status.ShouldBe(404, "the service has no /gateway/v1/notifications; without the path it would have answered 200");
    }

    [Fact]
    public async Task Refuses_to_start_without_a_base_address_or_an_api_key()
    {
        await using var provider = new ServiceCollection().AddNotificationClient().Services.BuildServiceProvider();

        var error = Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<INotificationClient>());

        error.Failures.ShouldBe(["NotificationClient:BaseAddress must be an absolute URI.", "NotificationClient:ApiKey is required."]);
    }

    /// <summary>An app's configuration with a <c>NotificationClient</c> section pointing at the service.</summary>
    private IConfiguration Configuration(string apiKey) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["NotificationClient:BaseAddress"] = live.BaseAddress.ToString(),
        ["NotificationClient:ApiKey"] = apiKey,
    }).Build();
}
