using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Usheru.Notification.Api.Tests.Channels.Inbox;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Recipients;

/// <summary>A browser acting as one recipient: their inbox and preferences, nothing else, and only until the token expires.</summary>
public abstract class RecipientTokenTests : IDisposable
{
    private const string Page = "https://www.usheru.com";
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private readonly TestService service;

    protected RecipientTokenTests(Engine engine) =>
        service = new(new Dictionary<string, string?> { ["Cors:AllowedOrigins:0"] = Page }, clock, engine);

    public void Dispose() => service.Dispose();

    private async Task<(string Token, DateTimeOffset ExpiresAt)> TokenAsync(string recipientId, int? expiresInSeconds = null)
    {
        var response = await service.Client().PostAsJsonAsync($"/v1/recipients/{recipientId}/tokens", new { expiresInSeconds });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var json = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return ((string)json["token"]!, DateTimeOffset.Parse((string)json["expiresAt"]!));
    }

    private HttpClient Browser(string token)
    {
        var client = service.Client(key: null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task Opens_the_recipients_own_inbox_and_preferences_and_nothing_else()
    {
        var admin = service.Client();
        await admin.PutAsJsonAsync("/v1/recipients/fan-1", new { name = "Fan", email = "fan@example.com" });
        await admin.PutAsJsonAsync("/v1/recipients/fan-2", new { name = "Other" });
        var (token, _) = await TokenAsync("fan-1");
        var browser = Browser(token);

        (await browser.GetAsync("/v1/recipients/fan-1/inbox")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await browser.PutAsJsonAsync("/v1/recipients/fan-1/preferences", new { channels = new { sms = false } })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await browser.GetJsonAsync("/v1/recipients/fan-1/preferences"))["channels"]!["sms"]!.GetValue<bool>().ShouldBeFalse();
        var stream = await service.Client(key: null).GetAsync($"/v1/recipients/fan-1/inbox/stream?token={token}", HttpCompletionOption.ResponseHeadersRead);
        stream.StatusCode.ShouldBe(HttpStatusCode.OK);
        stream.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        stream.Dispose();

        (await browser.GetAsync("/v1/recipients/fan-2/inbox")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await browser.PutAsJsonAsync("/v1/recipients/fan-2/preferences", new { channels = new { sms = false } })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await service.Client(key: null).GetAsync($"/v1/recipients/fan-2/inbox/stream?token={token}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await browser.GetAsync("/v1/recipients/fan-1")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await browser.DeleteAsync("/v1/recipients/fan-1")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await browser.PostAsJsonAsync("/v1/notifications", InboxTests.InboxNotification("fan-1"))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await admin.GetJsonAsync("/v1/recipients/fan-2/preferences"))["channels"]!.AsObject().ShouldBeEmpty();
    }

    [Fact]
    public async Task Stops_working_when_it_expires()
    {
        await service.Client().PutAsJsonAsync("/v1/recipients/fan-1", new { name = "Fan" });
        var (token, expiresAt) = await TokenAsync("fan-1", expiresInSeconds: 600);
        var browser = Browser(token);
        (expiresAt - clock.GetUtcNow()).TotalSeconds.ShouldBeInRange(599, 600);
        (await browser.GetAsync("/v1/recipients/fan-1/inbox")).StatusCode.ShouldBe(HttpStatusCode.OK);

        clock.Advance(TimeSpan.FromSeconds(601));

        var expired = await browser.GetAsync("/v1/recipients/fan-1/inbox");
        expired.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        expired.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task Opens_the_preference_page_only_until_it_expires()
    {
        await service.Client().PutAsJsonAsync("/v1/recipients/fan-1", new { name = "Fan", email = "fan@example.com" });
        var (token, _) = await TokenAsync("fan-1", expiresInSeconds: 600);
        var anyone = service.Client(key: null);
        anyone.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        var open = await anyone.GetAsync($"/preferences/{token}");
        open.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await open.Content.ReadAsStringAsync()).ShouldContain("Save my choices");

        clock.Advance(TimeSpan.FromSeconds(601));

        var expired = await anyone.GetAsync($"/preferences/{token}");
        expired.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var page = await expired.Content.ReadAsStringAsync();
        page.ShouldContain("This link no longer works");
        page.ShouldNotContain("Save my choices");
        page.ShouldNotContain("type=\"checkbox\"");
    }

    [Fact]
    public async Task Refuses_a_token_that_was_tampered_with()
    {
        await service.Client().PutAsJsonAsync("/v1/recipients/fan-1", new { name = "Fan" });
        await service.Client().PutAsJsonAsync("/v1/recipients/fan-2", new { name = "Other" });
        var (token, _) = await TokenAsync("fan-1");
        var forged = "rt_" + System.Buffers.Text.Base64Url.EncodeToString("fan-2\n9999999999"u8) + "." + token.Split('.')[1];

        (await Browser(forged).GetAsync("/v1/recipients/fan-2/inbox")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Lets_only_the_configured_origins_call_from_a_browser()
    {
        async Task<HttpResponseMessage> PreflightAsync(string origin)
        {
            using var request = new HttpRequestMessage(HttpMethod.Options, "/v1/recipients/fan-1/inbox");
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "GET");
            request.Headers.Add("Access-Control-Request-Headers", "authorization");
            return await service.Client(key: null).SendAsync(request);
        }

        var allowed = await PreflightAsync(Page);
        var other = await PreflightAsync("https://evil.example.com");

        allowed.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe([Page]);
        other.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
    }
}

public sealed class RecipientTokensOnSqlite() : RecipientTokenTests(Engine.Sqlite);

public sealed class RecipientTokensOnPostgres() : RecipientTokenTests(Engine.Postgres);
