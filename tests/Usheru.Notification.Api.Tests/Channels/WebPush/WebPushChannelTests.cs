using Usheru.Notification.Api.Channels.WebPush;
using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Storage;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Channels.WebPush;

public abstract class WebPushChannelTests(Engine engine) : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> PrivateNetworksAllowed = new() { ["Webhooks:AllowPrivateNetworks"] = "true" };

    private readonly TestDatabase _database = new(engine);
    private PushServiceStandIn _pushService = null!;
    private TestServices _services = null!;

    private PushSubscriptionStore Subscriptions => _services.Get<PushSubscriptionStore>();

    public async Task InitializeAsync()
    {
        _pushService = await PushServiceStandIn.StartAsync();
        _services = await WebPushServices.StartAsync(_database, PrivateNetworksAllowed);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _pushService.DisposeAsync();
        _database.Dispose();
    }

    [Fact]
    public async Task Delivers_a_message_that_the_browser_decrypts_with_its_own_keys()
    {
        var (subscriptionId, _) = await SubscribeAsync();
        var delivery = Deliveries.For("push", subscriptionId, new PushContent("Dune: Part Three", "Tickets are on sale", "https://usheru.com/dune"));

        var outcome = await _services.Channel("push").SendAsync(delivery, CancellationToken.None);

        _pushService.Rejections.ShouldBeEmpty();
        var push = (await _pushService.WaitForMessagesAsync(1, Eventually.DefaultTimeout)).ShouldHaveSingleItem();
        outcome.ShouldBeOfType<DeliveryOutcome.Sent>().ProviderMessageId.ShouldStartWith($"{_pushService.Origin}/message/");
        push.Json.ToJsonString().ShouldBe(
            $$"""{"title":"Dune: Part Three","body":"Tickets are on sale","url":"https://usheru.com/dune","notificationId":"{{delivery.NotificationId}}","deliveryId":"{{delivery.Id}}"}""");
        push.Headers["Content-Encoding"].ShouldBe("aes128gcm");
        push.Headers["TTL"].ShouldBe("86400");
        push.Headers["Urgency"].ShouldBe("normal");
    }

    [Fact]
    public async Task Signs_for_the_push_services_origin_with_the_key_browsers_subscribed_with()
    {
        var (subscriptionId, _) = await SubscribeAsync();

        await SendAsync(subscriptionId);

        var push = (await _pushService.WaitForMessagesAsync(1, Eventually.DefaultTimeout)).ShouldHaveSingleItem();
        push.VapidKey.ShouldBe((await _services.Get<VapidKeyStore>().GetAsync(CancellationToken.None)).PublicKey);
        ((string?)push.VapidClaims["aud"]).ShouldBe(_pushService.Origin);
        ((string?)push.VapidClaims["sub"]).ShouldBe("mailto:notifications@usheru.com");
    }

    [Fact]
    public async Task Deletes_the_subscription_of_a_browser_that_unsubscribed()
    {
        var (subscriptionId, browser) = await SubscribeAsync();
        _pushService.Unsubscribe(browser);

        var outcome = await SendAsync(subscriptionId);

        outcome.ShouldBe(new DeliveryOutcome.Failed("push subscription expired"));
        (await Subscriptions.FindAsync(subscriptionId, CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task Deletes_a_subscription_the_push_service_does_not_know()
    {
        var (subscriptionId, _) = await SubscribeAsync();
        _pushService.AnswerNext(404);

        var outcome = await SendAsync(subscriptionId);

        outcome.ShouldBe(new DeliveryOutcome.Failed("push subscription expired"));
        (await Subscriptions.FindAsync(subscriptionId, CancellationToken.None)).ShouldBeNull();
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task Retries_when_the_push_service_is_busy_no_sooner_than_its_retry_after(int status)
    {
        var (subscriptionId, _) = await SubscribeAsync();
        _pushService.AnswerNext(status, ("Retry-After", "120"));

        var outcome = await SendAsync(subscriptionId);

        outcome.ShouldBe(new DeliveryOutcome.Retry($"push service answered {status}", TimeSpan.FromSeconds(120)));
        (await Subscriptions.FindAsync(subscriptionId, CancellationToken.None)).ShouldNotBeNull();
    }

    [Theory]
    [InlineData(400)]
    [InlineData(403)]
    [InlineData(413)]
    public async Task Fails_other_client_errors_for_good_and_keeps_the_subscription(int status)
    {
        var (subscriptionId, _) = await SubscribeAsync();
        _pushService.AnswerNext(status);

        var outcome = await SendAsync(subscriptionId);

        outcome.ShouldBe(new DeliveryOutcome.Failed($"push service answered {status}"));
        (await Subscriptions.FindAsync(subscriptionId, CancellationToken.None)).ShouldNotBeNull();
    }

    [Fact]
    public async Task Fails_a_delivery_whose_subscription_no_longer_exists()
    {
        var (subscriptionId, _) = await SubscribeAsync();
        await Subscriptions.DeleteAsync(subscriptionId, CancellationToken.None);

        var outcome = await SendAsync(subscriptionId);

        outcome.ShouldBe(new DeliveryOutcome.Failed("push subscription no longer exists"));
        _pushService.Messages.ShouldBeEmpty();
    }

    [Fact]
    public async Task Fails_content_without_a_title()
    {
        var (subscriptionId, _) = await SubscribeAsync();

        var outcome = await SendAsync(subscriptionId, new PushContent(" ", "Tickets are on sale", null));

        outcome.ShouldBe(new DeliveryOutcome.Failed("push content needs a title"));
        _pushService.Messages.ShouldBeEmpty();
    }

    [Fact]
    public async Task Fails_a_message_larger_than_push_services_take()
    {
        var (subscriptionId, _) = await SubscribeAsync();

        var outcome = await SendAsync(subscriptionId, new PushContent("Dune: Part Three", new string('x', 4000), null));

        outcome.ShouldBeOfType<DeliveryOutcome.Failed>().Error.ShouldContain("push services take 3993");
        _pushService.Messages.ShouldBeEmpty();
    }

    [Fact]
    public async Task Refuses_an_endpoint_on_a_private_network_unless_private_networks_are_allowed()
    {
        await using var guarded = await WebPushServices.StartAsync(_database);
        var (subscriptionId, _) = await SubscribeAsync();

        var outcome = await guarded.Channel("push").SendAsync(
            Deliveries.For("push", subscriptionId, new PushContent("Dune: Part Three", null, null)), CancellationToken.None);

        outcome.ShouldBe(new DeliveryOutcome.Failed("push endpoint refused: it resolves to a private address"));
        _pushService.Messages.ShouldBeEmpty();
    }

    [Fact]
    public async Task Retries_when_nothing_listens_at_the_endpoint()
    {
        var recipient = await TestRecipients.CreateAsync(_services.Get<IStorageEngine>());
        using var browser = new BrowserPushSubscription($"http://127.0.0.1:{ClosedPort.Find()}/push/abc");
        var subscriptionId = (await Subscriptions.AddAsync(recipient, browser.Endpoint, browser.P256dh, browser.Auth, CancellationToken.None))!;

        var outcome = await SendAsync(subscriptionId);

        outcome.ShouldBe(new DeliveryOutcome.Retry("could not reach the push service: ConnectionError"));
    }

    private async Task<(string Id, BrowserPushSubscription Browser)> SubscribeAsync()
    {
        var vapid = await _services.Get<VapidKeyStore>().GetAsync(CancellationToken.None);
        var browser = _pushService.Subscribe(applicationServerKey: vapid.PublicKey);
        var recipient = await TestRecipients.CreateAsync(_services.Get<IStorageEngine>());
        var id = await Subscriptions.AddAsync(recipient, browser.Endpoint, browser.P256dh, browser.Auth, CancellationToken.None);
        return (id!, browser);
    }

    private Task<DeliveryOutcome> SendAsync(string subscriptionId, PushContent? content = null) =>
        _services.Channel("push").SendAsync(
            Deliveries.For("push", subscriptionId, content ?? new PushContent("Dune: Part Three", "Tickets are on sale", null)), CancellationToken.None);
}

public sealed class WebPushChannelOnSqlite() : WebPushChannelTests(Engine.Sqlite);

public sealed class WebPushChannelOnPostgres() : WebPushChannelTests(Engine.Postgres);
