using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Usheru.Notification.Api.Storage;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.ApiKeys;

public abstract class ApiKeyTests(Engine engine) : IDisposable
{
    private readonly TestService service = new(engine: engine);

    public void Dispose() => service.Dispose();

    private async Task<JsonObject> CreateKeyAsync(params string[] scopes)
    {
        var response = await service.Client().PostAsJsonAsync("/v1/api-keys", new { name = "booking-service", scopes });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-key")]
    [InlineData("usk_0198f7d1c0a27a4c9b3e2f1d0c9b8a76_forged")]
    public async Task Refuses_a_missing_or_unknown_key_with_a_401_problem(string? key)
    {
        var response = await service.Client(key).GetAsync("/v1/notifications");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["status"]!.GetValue<int>().ShouldBe(401);
    }

    [Fact]
    public async Task Refuses_a_key_without_the_scope_with_a_403_problem_and_sends_nothing()
    {
        var readOnly = service.Client((string)(await CreateKeyAsync("read"))["key"]!);

        var response = await readOnly.PostAsJsonAsync("/v1/notifications", Requests.Email());

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await readOnly.GetJsonAsync("/v1/notifications"))["items"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Shows_the_plaintext_key_once_and_lists_keys_without_it()
    {
        var created = await CreateKeyAsync("send", "read");
        var plaintext = (string)created["key"]!;

        var list = await service.Client().GetJsonAsync("/v1/api-keys");

        var listed = list["items"]!.AsArray().Single(k => (string)k!["id"]! == (string)created["id"]!)!;
        listed["key"].ShouldBeNull();
        listed.ToJsonString().ShouldNotContain(plaintext);
        listed["scopes"]!.AsArray().Select(s => (string)s!).ShouldBe(["send", "read"]);
        (await service.Client(plaintext).GetAsync("/v1/notifications")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Stores_keys_only_as_hashes()
    {
        var plaintext = (string)(await CreateKeyAsync("send"))["key"]!;
        var secretPart = plaintext.Split('_', 3)[2];

        await using var connection = await service.Service<IStorageEngine>().OpenAsync(CancellationToken.None);
        var stored = (await connection.QueryAsync("SELECT * FROM api_keys")).Cast<IDictionary<string, object?>>().ToList();

        stored.Count.ShouldBe(1);
        stored[0].Values.ShouldAllBe(value => !(value ?? "").ToString()!.Contains(secretPart, StringComparison.Ordinal));
        if (engine == Engine.Sqlite)
        {
            // Also nowhere in the file, its write-ahead log or its free pages.
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.GetFiles(service.Folder, "notifications.db*").Select(File.ReadAllBytes)
                .ShouldAllBe(bytes => !Encoding.ASCII.GetString(bytes).Contains(secretPart, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Revokes_a_key_so_its_next_request_gets_401()
    {
        var created = await CreateKeyAsync("read");
        var client = service.Client((string)created["key"]!);
        (await client.GetAsync("/v1/notifications")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await service.Client().DeleteAsync($"/v1/api-keys/{created["id"]}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await client.GetAsync("/v1/notifications")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Lets_only_admin_keys_manage_keys()
    {
        var manager = service.Client((string)(await CreateKeyAsync("send", "read", "manage"))["key"]!);

        var response = await manager.PostAsJsonAsync("/v1/api-keys", new { name = "sneaky", scopes = new[] { "admin" } });

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Rejects_unknown_scopes()
    {
        var response = await service.Client().PostAsJsonAsync("/v1/api-keys", new { name = "x", scopes = new[] { "root" } });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["scopes"].ShouldNotBeNull();
    }
}

public sealed class ApiKeyOnSqlite() : ApiKeyTests(Engine.Sqlite);

public sealed class ApiKeyOnPostgres() : ApiKeyTests(Engine.Postgres);
