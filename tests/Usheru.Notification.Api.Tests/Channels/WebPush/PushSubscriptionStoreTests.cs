using Usheru.Notification.Api.Channels.WebPush;
using Usheru.Notification.Api.Storage;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Channels.WebPush;

public abstract class PushSubscriptionStoreTests(Engine engine) : IAsyncLifetime
{
    private readonly TestDatabase _database = new(engine);
    private readonly List<BrowserPushSubscription> _browsers = [];
    private TestServices _services = null!;

    private PushSubscriptionStore Store => _services.Get<PushSubscriptionStore>();

    public async Task InitializeAsync() => _services = await WebPushServices.StartAsync(_database);

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        _browsers.ForEach(b => b.Dispose());
        _database.Dispose();
    }

    [Fact]
    public async Task Subscribing_the_same_endpoint_again_keeps_the_id_and_takes_the_new_keys()
    {
        var recipient = await TestRecipients.CreateAsync(_services.Get<IStorageEngine>());
        var first = Browser("https://push.example.net/push/abc");
        var renewed = Browser("https://push.example.net/push/abc");

        var id = await Store.AddAsync(recipient, first.Endpoint, first.P256dh, first.Auth, CancellationToken.None);
        var again = await Store.AddAsync(recipient, renewed.Endpoint, renewed.P256dh, renewed.Auth, CancellationToken.None);

        id.ShouldNotBeNull().ShouldStartWith("psub_");
        again.ShouldBe(id);
        var stored = (await Store.FindAsync(id, CancellationToken.None)).ShouldNotBeNull();
        stored.ShouldBe(new PushSubscription(id, recipient, renewed.Endpoint, renewed.P256dh, renewed.Auth, stored.CreatedAt));
    }

    [Fact]
    public async Task Lists_a_recipients_own_subscriptions_oldest_first()
    {
        var (ann, bob) = (await TestRecipients.CreateAsync(_services.Get<IStorageEngine>()), await TestRecipients.CreateAsync(_services.Get<IStorageEngine>()));
        var (laptop, phone) = (Browser("https://push.example.net/push/laptop"), Browser("https://push.example.net/push/phone"));
        var first = await Store.AddAsync(ann, laptop.Endpoint, laptop.P256dh, laptop.Auth, CancellationToken.None);
        var second = await Store.AddAsync(ann, phone.Endpoint, phone.P256dh, phone.Auth, CancellationToken.None);
        await Store.AddAsync(bob, laptop.Endpoint, laptop.P256dh, laptop.Auth, CancellationToken.None);

        var listed = await Store.ListForRecipientAsync(ann, CancellationToken.None);

        listed.Select(s => (s.Id, s.Endpoint)).ShouldBe([(first!, laptop.Endpoint), (second!, phone.Endpoint)]);
        listed.ShouldAllBe(s => s.RecipientId == ann);
    }

    [Fact]
    public async Task Deletes_a_subscription_once()
    {
        var recipient = await TestRecipients.CreateAsync(_services.Get<IStorageEngine>());
        var browser = Browser("https://push.example.net/push/abc");
        var id = (await Store.AddAsync(recipient, browser.Endpoint, browser.P256dh, browser.Auth, CancellationToken.None))!;

        (await Store.DeleteAsync(id, CancellationToken.None)).ShouldBeTrue();

        (await Store.DeleteAsync(id, CancellationToken.None)).ShouldBeFalse();
        (await Store.FindAsync(id, CancellationToken.None)).ShouldBeNull();
        (await Store.ListForRecipientAsync(recipient, CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Adds_nothing_for_a_recipient_that_does_not_exist()
    {
        var browser = Browser("https://push.example.net/push/abc");

        var id = await Store.AddAsync("nobody", browser.Endpoint, browser.P256dh, browser.Auth, CancellationToken.None);

        id.ShouldBeNull();
        (await Store.ListForRecipientAsync("nobody", CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Refuses_to_add_keys_that_fail_validation()
    {
        var recipient = await TestRecipients.CreateAsync(_services.Get<IStorageEngine>());
        var browser = Browser("https://push.example.net/push/abc");

        var error = await Should.ThrowAsync<ArgumentException>(
            () => Store.AddAsync(recipient, browser.Endpoint, browser.P256dh, "dG9vLXNob3J0", CancellationToken.None));

        error.Message.ShouldContain("keys.auth");
        (await Store.ListForRecipientAsync(recipient, CancellationToken.None)).ShouldBeEmpty();
    }

    private BrowserPushSubscription Browser(string endpoint)
    {
        var browser = new BrowserPushSubscription(endpoint);
        _browsers.Add(browser);
        return browser;
    }
}

public sealed class PushSubscriptionStoreOnSqlite() : PushSubscriptionStoreTests(Engine.Sqlite);

public sealed class PushSubscriptionStoreOnPostgres() : PushSubscriptionStoreTests(Engine.Postgres);
