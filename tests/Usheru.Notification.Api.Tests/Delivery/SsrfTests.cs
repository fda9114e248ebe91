using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Delivery;

/// <summary>With private networks not allowed (the production default), webhook targets are checked after DNS, at connect.</summary>
public sealed class SsrfTests : IAsyncLifetime
{
    private readonly TestService service = new(new Dictionary<string, string?> { ["Webhooks:AllowPrivateNetworks"] = "false" });
    private WebhookReceiver receiver = null!;

    public async Task InitializeAsync() => receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        await receiver.DisposeAsync();
        service.Dispose();
    }

    [Theory]
    [InlineData("http://127.0.0.1:{port}/hook")]
    [InlineData("http://localhost:{port}/hook")]
    [InlineData("http://[::ffff:127.0.0.1]:{port}/hook")]
    public async Task Fails_a_delivery_whose_endpoint_resolves_to_loopback_without_calling_it(string url)
    {
        var client = service.Client();
        var (endpointId, _) = await client.CreateWebhookEndpointAsync(url.Replace("{port}", receiver.Port.ToString(), StringComparison.Ordinal));

        var accepted = await client.SendAsync(Requests.Webhook(endpointId));

        var failed = await client.WaitForStatusAsync((string)accepted["id"]!, "failed");
        failed["deliveries"]![0]!["lastError"]!.ToString().ShouldContain("private address");
        failed["deliveries"]![0]!["attempts"]!.GetValue<int>().ShouldBe(1);
        receiver.Requests.ShouldBeEmpty();
    }
}
