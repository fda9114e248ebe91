using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Hostile;

/// <summary>
/// A loopback receiver stands where an internal service would be. Webhook endpoints name it in every
/// spelling of a private address that URL parsers and resolvers accept; with private networks not
/// allowed, each is refused, at creation or at connect time after resolution, and nothing reaches it.
/// </summary>
public abstract class SsrfEncodingTests(Engine engine) : IAsyncLifetime
{
    private WebhookReceiver receiver = null!;
    private TestService service = null!;

    public static readonly string[] Spellings =
    [
        "http://2130706433:{port}/decimal",
        "http://0x7f000001:{port}/hex",
        "http://0177.0.0.1:{port}/octal",
        "http://127.1:{port}/short",
        "http://0:{port}/zero",
        "http://0.0.0.0:{port}/unspecified",
        "http://[::]:{port}/unspecified-v6",
        "http://[::ffff:7f00:1]:{port}/mapped-hex",
        "http://[0:0:0:0:0:ffff:127.0.0.1]:{port}/mapped-long",
        "http://[::127.0.0.1]:{port}/compatible",
        "http://localhost.:{port}/trailing-dot",
        "http://LOCALHOST:{port}/upper-case",
        "http://user:secret@127.0.0.1:{port}/userinfo",
        "http://example.com@127.0.0.1:{port}/userinfo-host",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/latest/meta-data/",
        "http://100.100.100.200/latest/meta-data/",
    ];

    public async Task InitializeAsync()
    {
        receiver = await WebhookReceiver.StartAsync();
        service = new TestService(new Dictionary<string, string?> { ["Webhooks:AllowPrivateNetworks"] = "false" }, engine: engine);
    }

    public async Task DisposeAsync()
    {
        service.Dispose();
        await receiver.DisposeAsync();
    }

    [Fact]
    public async Task Refuses_every_spelling_of_a_private_address_and_reaches_none()
    {
        var client = service.Client();
        var created = new List<(string Url, string Id)>();
        foreach (var url in Spellings.Select(s => s.Replace("{port}", $"{receiver.Port}", StringComparison.Ordinal)))
        {
            using var response = await client.PostAsJsonAsync("/v1/webhook-endpoints", new { url });
            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                continue;
            }
            response.StatusCode.ShouldBe(HttpStatusCode.Created, url);
            created.Add((url, (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!));
        }

        var sent = await client.SendAsync(new JsonObject
        {
            ["to"] = new JsonArray([.. created.Select(e => new JsonObject { ["webhook"] = e.Id })]),
            ["content"] = new JsonObject { ["webhook"] = new JsonObject { ["payload"] = new JsonObject { ["secret"] = "internal" } } },
        });
        // Every delivery has been tried once; a name that does not resolve here ("localhost.") is retried later.
        var tried = await Eventually.GetAsync(() => client.NotificationAsync((string)sent["id"]!),
            n => n["deliveries"]!.AsArray().All(d => d!["lastError"] is not null), TimeSpan.FromSeconds(60), "every delivery to be tried");

        created.Count.ShouldBeGreaterThan(Spellings.Length / 2, "most spellings parse as URLs, so the connect-time check is what stops them");
        foreach (var delivery in tried["deliveries"]!.AsArray())
        {
            var url = created.Single(e => e.Id == (string)delivery!["to"]!).Url;
            ((string?)delivery!["status"]).ShouldNotBe("sent", url);
            ((string?)delivery["lastError"]).ShouldBeOneOf(["webhook target refused: it resolves to a private address", "could not reach the webhook endpoint: NameResolutionError"], url);
        }
        receiver.Requests.ShouldBeEmpty();
    }
}

public sealed class SsrfEncodingOnSqlite() : SsrfEncodingTests(Engine.Sqlite);

public sealed class SsrfEncodingOnPostgres() : SsrfEncodingTests(Engine.Postgres);
