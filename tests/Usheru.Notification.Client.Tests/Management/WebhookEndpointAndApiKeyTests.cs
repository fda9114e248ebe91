using Usheru.Notification.Client.Tests.Support;

namespace Usheru.Notification.Client.Tests.Management;

public sealed class WebhookEndpointAndApiKeyTests(ServiceAndClient live) : IClassFixture<ServiceAndClient>
{
    private readonly INotificationClient client = live.Client;

    [Fact]
    public async Task Creates_lists_reads_and_deletes_webhook_endpoints()
    {
        var created = await client.CreateWebhookEndpointAsync(
            new NewWebhookEndpoint(new Uri("https://booking.usheru.com/hooks"), "booking service", [WebhookEvent.DeliveryFailed]));
        var other = await client.CreateWebhookEndpointAsync(new NewWebhookEndpoint(new Uri("https://crm.usheru.com/hooks")));

        created.Secret.ShouldStartWith("whsec_");
        var read = (await client.GetWebhookEndpointAsync(created.Id)).ShouldNotBeNull();
        read.Url.ShouldBe(new Uri("https://booking.usheru.com/hooks"));
        read.Description.ShouldBe("booking service");
        read.Events.ShouldBe([WebhookEvent.DeliveryFailed]);
        read.DisabledAt.ShouldBeNull();
        (await client.ListWebhookEndpointsAsync(pageSize: 1).Select(e => e.Id).ToListAsync()).ShouldBe([created.Id, other.Id], ignoreOrder: true);

        await client.DeleteWebhookEndpointAsync(created.Id);

        (await client.GetWebhookEndpointAsync(created.Id)).ShouldBeNull();
        (await Should.ThrowAsync<NotificationApiException>(() => client.DeleteWebhookEndpointAsync(created.Id))).Status.ShouldBe(404);
    }

    [Fact]
    public async Task Creates_an_api_key_that_works_until_it_is_revoked()
    {
        var key = await client.CreateApiKeyAsync(new NewApiKey("booking-service", [ApiKeyScope.Send, ApiKeyScope.Read]));
        var booking = live.ClientWith(key.Key);

        var accepted = await booking.SendAsync(SendNotification.ToEmail("ann@example.com").WithEmail("Hi", "Hi"));
        (await client.ListApiKeysAsync().ToListAsync()).ShouldContain(k => k.Id == key.Id && k.Name == "booking-service");
        await client.RevokeApiKeyAsync(key.Id);

        accepted.Id.ShouldStartWith("ntf_");
        (await Should.ThrowAsync<NotificationApiException>(() => booking.GetNotificationAsync(accepted.Id))).Status.ShouldBe(401);
        (await client.ListApiKeysAsync().ToListAsync()).ShouldNotContain(k => k.Id == key.Id);
    }
}
