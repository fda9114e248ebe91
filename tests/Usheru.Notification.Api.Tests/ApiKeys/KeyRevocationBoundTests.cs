using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.Time.Testing;
using Usheru.Notification.Api.Storage;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.ApiKeys;

/// <summary>
/// An instance trusts a real key it has checked for <c>Auth:KeyCacheSeconds</c> (5 s), so a key
/// revoked through another instance (the row changes in the shared database, not in this
/// instance's memory) is refused here once that bound has passed.
/// </summary>
public abstract class KeyRevocationBoundTests : IDisposable
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private readonly TestService service;

    protected KeyRevocationBoundTests(Engine engine) => service = new TestService(clock: clock, engine: engine);

    public void Dispose() => service.Dispose();

    [Fact]
    public async Task A_key_revoked_through_another_instance_is_refused_here_within_the_key_cache_bound()
    {
        var (created, client) = await KeyJustCheckedAsync();

        await RevokeAsAnotherInstanceWouldAsync((string)created["id"]!);
        clock.Advance(TimeSpan.FromSeconds(5));

        (await client.GetAsync("/v1/notifications")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_key_revoked_through_this_instance_is_refused_from_the_next_request_though_it_was_just_checked()
    {
        var (created, client) = await KeyJustCheckedAsync();

        (await service.Client().DeleteAsync($"/v1/api-keys/{created["id"]}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await client.GetAsync("/v1/notifications")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    /// <summary>A new key with scope <c>read</c>, used once successfully: this instance now trusts it.</summary>
    private async Task<(JsonObject Created, HttpClient Client)> KeyJustCheckedAsync()
    {
        var created = (await (await service.Client().PostAsJsonAsync("/v1/api-keys", new { name = "booking-service", scopes = new[] { "read" } }))
            .Content.ReadFromJsonAsync<JsonObject>())!;
        var client = service.Client((string)created["key"]!);
        (await client.GetAsync("/v1/notifications")).StatusCode.ShouldBe(HttpStatusCode.OK);
        return (created, client);
    }

    private async Task RevokeAsAnotherInstanceWouldAsync(string id)
    {
        await using var connection = await service.Service<IStorageEngine>().OpenAsync(CancellationToken.None);
        (await connection.ExecuteAsync("UPDATE api_keys SET revoked_at = 1 WHERE id = @id", new { id })).ShouldBe(1);
    }
}

public sealed class KeyRevocationBoundOnSqlite() : KeyRevocationBoundTests(Engine.Sqlite);

public sealed class KeyRevocationBoundOnPostgres() : KeyRevocationBoundTests(Engine.Postgres)
{
    [Fact]
    public async Task A_key_revoked_through_one_instance_is_refused_by_another_that_trusted_it_long_before_its_trust_would_end()
    {
        var database = PostgresServer.Instance.CreateDatabase();
        var shared = new Dictionary<string, string?> { ["Storage:ConnectionString"] = database, ["Auth:KeyCacheSeconds"] = "300" };
        using var first = new TestService(shared, engine: Engine.Postgres);
        using var second = new TestService(shared, engine: Engine.Postgres);
        var created = (await (await first.Client().PostAsJsonAsync("/v1/api-keys", new { name = "box-office", scopes = new[] { "read" } }))
            .Content.ReadFromJsonAsync<JsonObject>())!;
        using var client = second.Client((string)created["key"]!);
        (await client.GetAsync("/v1/notifications")).StatusCode.ShouldBe(HttpStatusCode.OK, "the second instance now trusts the key for five minutes");

        (await first.Client().DeleteAsync($"/v1/api-keys/{created["id"]}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await Eventually.GetAsync(async () => (await client.GetAsync("/v1/notifications")).StatusCode, s => s == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(30), "the second instance to refuse the revoked key");
    }
}
