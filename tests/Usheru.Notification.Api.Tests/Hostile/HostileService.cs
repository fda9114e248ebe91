using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Usheru.Notification.Api.Storage;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Hostile;

/// <summary>
/// One service under attack for a whole class of vectors: the real app on Kestrel, serving the API
/// only (no worker changes anything behind the test's back), seeded with one of everything an attack
/// could damage, and watched by a <see cref="LivenessProbe"/> from the first request to the last.
/// </summary>
public abstract class HostileService : IAsyncLifetime
{
    private readonly Engine engine;

    protected HostileService(Engine engine)
    {
        this.engine = engine;
        Service = new TestService(new Dictionary<string, string?> { ["Delivery:Concurrency"] = "0" }, engine: engine);
        Probe = new LivenessProbe(Service.Client().BaseAddress!);
    }

    public TestService Service { get; }

    public LivenessProbe Probe { get; }

    /// <summary>Values a vector's path or header may name: <c>{notification}</c>, <c>{endpoint}</c>, and the API keys by scope.</summary>
    public Dictionary<string, string> Seeds { get; } = [];

    public async Task InitializeAsync()
    {
        var admin = Service.Client();
        await Ok(admin.PutAsJsonAsync("/v1/templates/seed-template", JsonNode.Parse("""
            { "channels": { "email": { "subject": "Seats for {{ film }}", "text": "{% for a in items %}{% for b in items %}{% if a == b %}{{ a }} {% endif %}{% endfor %}{% endfor %}" } } }
            """)));
        await Ok(admin.PutAsJsonAsync("/v1/recipients/ann", new { email = "ann@example.com", name = "Ann", locale = "es" }));
        await Ok(admin.PutAsJsonAsync("/v1/topics/film:dune", new { name = "Dune" }));
        await Ok(admin.PostAsJsonAsync("/v1/topics/film:dune/subscribers", new { recipientIds = new[] { "ann" } }));
        Seeds["endpoint"] = (await admin.CreateWebhookEndpointAsync("http://127.0.0.1:9/hooks")).Id;
        Seeds["notification"] = (string)(await admin.SendAsync(Requests.Email()))["id"]!;
        foreach (var scope in new[] { "send", "read" })
        {
            var created = await Ok(admin.PostAsJsonAsync("/v1/api-keys", new { name = $"{scope} only", scopes = new[] { scope } }));
            Seeds[$"{scope}-key"] = (string)created["key"]!;
        }
        var revoked = await Ok(admin.PostAsJsonAsync("/v1/api-keys", new { name = "revoked", scopes = new[] { "admin" } }));
        (await admin.DeleteAsync($"/v1/api-keys/{revoked["id"]}")).EnsureSuccessStatusCode();
        Seeds["revoked-key"] = (string)revoked["key"]!;
        Seeds["wrong-secret-key"] = string.Join('_', Seeds["send-key"].Split('_')[..2]) + "_" + new string('A', 43);
        // Generated settings (the unsubscribe signing key, VAPID keys) are made on first use: use them now.
        (await admin.GetAsync("/v1/webpush/public-key")).EnsureSuccessStatusCode();
    }

    /// <summary>
    /// Every row of every table the API writes, in a canonical order, hashed: equal before and after
    /// an attack means it changed nothing. The settings table is left out: it only ever gains
    /// generated keys, made on first use; so is instances, the PostgreSQL heartbeat every second.
    /// </summary>
    public async Task<string> FingerprintAsync()
    {
        await using var connection = await Service.Service<IStorageEngine>().OpenAsync(CancellationToken.None);
        var tables = (await connection.QueryAsync<string>(engine == Engine.Postgres
                ? "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"))
            .Where(t => t is not ("settings" or "schema_migrations" or "instances")).Order(StringComparer.Ordinal).ToList();
        var text = new StringBuilder();
        foreach (var table in tables)
        {
            var rows = (await connection.QueryAsync($"SELECT * FROM {table}"))
                .Select(row => string.Join('|', ((IDictionary<string, object?>)row).OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}")))
                .Order(StringComparer.Ordinal);
            text.Append(table).Append('\n').AppendJoin('\n', rows).Append('\n');
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>A client that sends <paramref name="authorization"/> as given (null: none).</summary>
    public HttpClient Client(string? authorization)
    {
        var client = Service.Client(key: null);
        if (authorization is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }
        return client;
    }

    public async Task DisposeAsync()
    {
        await Probe.DisposeAsync();
        Service.Dispose();
    }

    private static async Task<JsonObject> Ok(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Seeding failed: {(int)response.StatusCode} {body}");
        }
        return JsonNode.Parse(body) as JsonObject ?? [];
    }
}

public sealed class HostileServiceOnSqlite() : HostileService(Engine.Sqlite);

public sealed class HostileServiceOnPostgres() : HostileService(Engine.Postgres);
