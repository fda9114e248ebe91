using Dapper;
using Usheru.Notification.Api.Channels.WebPush;
using Usheru.Notification.Api.Storage;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Channels.WebPush;

public abstract class VapidKeyStoreTests(Engine engine) : IDisposable
{
    private readonly TestDatabase _database = new(engine);

    public void Dispose()
    {
        _database.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Generates_a_key_pair_on_first_use_that_a_later_instance_uses_too()
    {
        VapidKeyPair first;
        await using (var instance = await StartAsync())
        {
            first = await instance.Get<VapidKeyStore>().GetAsync(CancellationToken.None);
        }
        await using var later = await StartAsync();

        var again = await later.Get<VapidKeyStore>().GetAsync(CancellationToken.None);

        (again.PublicKey, again.PrivateKey).ShouldBe((first.PublicKey, first.PrivateKey));
        first.IsValid().ShouldBeTrue();
        (await StoredAsync(later)).ShouldBe(new Dictionary<string, string>
        {
            [VapidKeyStore.PublicKeySetting] = first.PublicKey,
            [VapidKeyStore.PrivateKeySetting] = first.PrivateKey,
        }, ignoreOrder: true);
    }

    [Fact]
    public async Task Instances_starting_at_once_agree_on_one_key_pair()
    {
        var instances = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => StartAsync()));
        try
        {
            var keys = await Task.WhenAll(instances.Select(i => i.Get<VapidKeyStore>().GetAsync(CancellationToken.None).AsTask()));

            keys.Select(k => k.PublicKey).Distinct().ShouldHaveSingleItem();
            keys.Select(k => k.PrivateKey).Distinct().ShouldHaveSingleItem();
            (await StoredAsync(instances[0]))[VapidKeyStore.PublicKeySetting].ShouldBe(keys[0].PublicKey);
        }
        finally
        {
            foreach (var instance in instances)
                await instance.DisposeAsync();
        }
    }

    [Fact]
    public async Task Uses_the_configured_key_pair_and_stores_none()
    {
        var configured = VapidKeyPair.Generate();
        await using var instance = await StartAsync(new()
        {
            ["WebPush:PublicKey"] = configured.PublicKey,
            ["WebPush:PrivateKey"] = configured.PrivateKey,
        });

        var keys = await instance.Get<VapidKeyStore>().GetAsync(CancellationToken.None);

        (keys.PublicKey, keys.PrivateKey).ShouldBe((configured.PublicKey, configured.PrivateKey));
        (await StoredAsync(instance)).ShouldBeEmpty();
    }

    private Task<TestServices> StartAsync(Dictionary<string, string?>? settings = null) => WebPushServices.StartAsync(_database, settings);

    private static async Task<Dictionary<string, string>> StoredAsync(TestServices services)
    {
        await using var connection = await services.Get<IStorageEngine>().OpenAsync(CancellationToken.None);
        var rows = await connection.QueryAsync<(string Name, string Value)>("SELECT name, value FROM settings WHERE name LIKE 'webpush.%'");
        return rows.ToDictionary(r => r.Name, r => r.Value);
    }
}

public sealed class VapidKeyStoreOnSqlite() : VapidKeyStoreTests(Engine.Sqlite);

public sealed class VapidKeyStoreOnPostgres() : VapidKeyStoreTests(Engine.Postgres);
