using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MimeKit;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Unsubscribe;

/// <summary>The unsubscribe link round trip, starting from the headers of the email as it was really written.</summary>
public abstract class UnsubscribeTests(Engine engine) : IDisposable
{
    private readonly TestService service = new(new Dictionary<string, string?> { ["PublicBaseUrl"] = "https://notification.usheru.com" }, engine: engine);

    public void Dispose() => service.Dispose();

    private static JsonObject News(string category) => new()
    {
        ["to"] = new JsonArray(new JsonObject { ["recipientId"] = "fan-1" }),
        ["category"] = category,
        ["content"] = new JsonObject { ["email"] = new JsonObject { ["subject"] = "News", ["text"] = "Unsubscribe: {{ unsubscribe_url }}" } },
    };

    private async Task<MimeMessage> SendAndReadAsync(HttpClient client, string category)
    {
        var accepted = await client.SendAsync(News(category));
        await client.WaitForStatusAsync((string)accepted["id"]!, "completed");
        return await MimeMessage.LoadAsync(Path.Combine(service.Outbox, $"{accepted["deliveries"]![0]!["id"]}.eml"));
    }

    /// <summary>The link's path on this test's service (the email names the public host).</summary>
    private static string PathOf(string link) => new Uri(link).AbsolutePath;

    [Fact]
    public async Task Unsubscribes_with_one_click_from_the_list_unsubscribe_header_of_a_marketing_email()
    {
        var client = service.Client();
        await client.PutAsJsonAsync("/v1/recipients/fan-1", new { email = "fan@example.com" });

        var email = await SendAndReadAsync(client, "marketing");
        var link = email.Headers["List-Unsubscribe"]!.Trim('<', '>');
        email.Headers["List-Unsubscribe-Post"].ShouldBe("List-Unsubscribe=One-Click");
        link.ShouldStartWith("https://notification.usheru.com/unsubscribe/");
        email.TextBody!.ShouldContain(link);

        // What a mail client's button sends: a form POST, no API key.
        var anonymous = service.Client(key: null);
        var first = await anonymous.PostAsync(PathOf(link), new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        var again = await anonymous.PostAsync(PathOf(link), new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetJsonAsync("/v1/recipients/fan-1"))["preferences"]!["categories"]!["marketing"]!.GetValue<bool>().ShouldBeFalse();
        var next = await client.SendAsync(News("marketing"));
        next["deliveries"]![0]!["status"]!.ToString().ShouldBe("suppressed");
        var booking = await SendAndReadAsync(client, "transactional");
        booking.Headers.Contains("List-Unsubscribe").ShouldBeFalse();
    }

    [Fact]
    public async Task Shows_a_confirmation_page_on_get_without_unsubscribing()
    {
        var client = service.Client();
        await client.PutAsJsonAsync("/v1/recipients/fan-1", new { email = "fan@example.com" });
        var link = (await SendAndReadAsync(client, "marketing")).Headers["List-Unsubscribe"]!.Trim('<', '>');

        var page = await service.Client(key: null).GetAsync(PathOf(link));

        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        (await page.Content.ReadAsStringAsync()).ShouldContain("<form method=\"post\">");
        (await client.GetJsonAsync("/v1/recipients/fan-1"))["preferences"]!["categories"]!.AsObject().ShouldBeEmpty();
    }

    [Fact]
    public async Task Refuses_a_tampered_link_and_changes_nothing()
    {
        var client = service.Client();
        await client.PutAsJsonAsync("/v1/recipients/fan-1", new { email = "fan@example.com" });
        await client.PutAsJsonAsync("/v1/recipients/fan-2", new { email = "other@example.com" });
        var link = (await SendAndReadAsync(client, "marketing")).Headers["List-Unsubscribe"]!.Trim('<', '>');
        var token = PathOf(link).Split('/')[^1];
        // Someone swaps in another person's id but cannot re-sign it.
        var forged = $"{System.Buffers.Text.Base64Url.EncodeToString("fan-2\nmarketing"u8)}.{token.Split('.')[1]}";

        var response = await service.Client(key: null).PostAsync($"/unsubscribe/{forged}", null);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await client.GetJsonAsync("/v1/recipients/fan-2"))["preferences"]!["categories"]!.AsObject().ShouldBeEmpty();
    }
}

public sealed class UnsubscribeOnSqlite() : UnsubscribeTests(Engine.Sqlite);

public sealed class UnsubscribeOnPostgres() : UnsubscribeTests(Engine.Postgres);

/// <summary>Rotating the signing key revokes every link sent with the old one.</summary>
public sealed class UnsubscribeKeyRotationTests : IDisposable
{
    private readonly TemporaryDirectory folder = new();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        folder.Dispose();
    }

    private Dictionary<string, string?> Settings(string key) => new()
    {
        ["Storage:ConnectionString"] = $"Data Source={Path.Combine(folder.Path, "n.db")}",
        ["Unsubscribe:SigningKey"] = key,
    };

    [Fact]
    public async Task Revokes_old_links_when_the_signing_key_is_rotated()
    {
        string path;
        using (var before = new TestService(Settings(Convert.ToBase64String(new byte[32]))))
        {
            var client = before.Client();
            await client.PutAsJsonAsync("/v1/recipients/fan-1", new { email = "fan@example.com" });
            var accepted = await client.SendAsync(new JsonObject
            {
                ["to"] = new JsonArray(new JsonObject { ["recipientId"] = "fan-1" }),
                ["category"] = "marketing",
                ["content"] = new JsonObject { ["email"] = new JsonObject { ["subject"] = "News", ["text"] = "x" } },
            });
            await client.WaitForStatusAsync((string)accepted["id"]!, "completed");
            var email = await MimeMessage.LoadAsync(Path.Combine(before.Outbox, $"{accepted["deliveries"]![0]!["id"]}.eml"));
            path = new Uri(email.Headers["List-Unsubscribe"]!.Trim('<', '>')).AbsolutePath;
            (await before.Client(key: null).GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using var after = new TestService(Settings(Convert.ToBase64String(Enumerable.Repeat((byte)7, 32).ToArray())));

        (await after.Client(key: null).PostAsync(path, null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
