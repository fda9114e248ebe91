using Usheru.Notification.Api.Channels.Webhook;
using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Channels.Webhook;

public sealed class WebhookSenderPrivateNetworkTests
{
    private static readonly byte[] Body = """{"type":"notification"}"""u8.ToArray();

    [Theory]
    [InlineData("http://127.0.0.1:{port}/hooks")]
    [InlineData("http://[::1]:{port}/hooks")]
    [InlineData("http://[::ffff:127.0.0.1]:{port}/hooks")]
    [InlineData("http://localhost:{port}/hooks")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://10.0.0.1/hooks")]
    [InlineData("http://192.168.1.1:{port}/hooks")]
    public async Task Refuses_a_target_that_resolves_to_a_private_address(string url)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var services = await StartAsync(allowPrivateNetworks: false);

        var outcome = await SendAsync(services, url.Replace("{port}", $"{receiver.Port}", StringComparison.Ordinal));

        outcome.ShouldBe(new DeliveryOutcome.Failed("webhook target refused: it resolves to a private address"));
        receiver.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Delivers_to_loopback_when_private_networks_are_allowed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var services = await StartAsync(allowPrivateNetworks: true);

        var outcome = await SendAsync(services, new Uri(receiver.Url, "hooks").ToString());

        outcome.ShouldBe(new DeliveryOutcome.Sent(null));
        receiver.Requests.ShouldHaveSingleItem().PathAndQuery.ShouldBe("/hooks");
    }

    [Fact]
    public async Task Starts_refusing_private_networks_with_a_fifteen_second_timeout_by_default()
    {
        await using var services = await TestServices.StartAsync(new Dictionary<string, string?>(), builder => builder.AddWebhookTransport());

        var options = services.Get<Microsoft.Extensions.Options.IOptions<WebhookOptions>>().Value;

        options.AllowPrivateNetworks.ShouldBeFalse();
        options.TimeoutSeconds.ShouldBe(15);
    }

    private static Task<TestServices> StartAsync(bool allowPrivateNetworks) => TestServices.StartAsync(
        WebhookSettings.Create(allowPrivateNetworks), builder => builder.AddWebhookTransport());

    private static Task<DeliveryOutcome> SendAsync(TestServices services, string url) =>
        services.Get<WebhookSender>().SendAsync(url, WebhookSecret.Generate(), "dlv_0198f3c2", Body, null, CancellationToken.None);
}
