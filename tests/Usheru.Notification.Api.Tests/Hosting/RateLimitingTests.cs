using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Hosting;

public sealed class RateLimitingTests : IDisposable
{
    private readonly TestService service = new(new Dictionary<string, string?>
    {
        ["RateLimiting:PermitsPerSecond"] = "1",
        ["RateLimiting:Burst"] = "3",
    });

    public void Dispose() => service.Dispose();

    [Fact]
    public async Task Answers_429_with_retry_after_once_a_key_uses_its_burst_and_leaves_other_keys_alone()
    {
        var admin = service.Client();
        var created = await admin.PostAsJsonAsync("/v1/api-keys", new { name = "other", scopes = new[] { "read" } });
        var other = service.Client((string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["key"]!);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 6 && limited is null; i++)
        {
            var response = await admin.GetAsync("/v1/notifications");
            statuses.Add(response.StatusCode);
            limited = response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }

        limited.ShouldNotBeNull($"statuses: {string.Join(", ", statuses)}");
        limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeGreaterThanOrEqualTo(1);
        limited.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await other.GetAsync("/v1/notifications")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Limits_a_browser_polling_with_a_recipient_token_without_touching_other_recipients()
    {
        // Three calls of the admin key's burst of three: one to create both, one token each.
        var created = await service.Client().PostAsJsonAsync("/v1/recipients/bulk", new { recipients = new[] { new { id = "fan-1" }, new { id = "fan-2" } } });
        created.StatusCode.ShouldBe(HttpStatusCode.OK);
        var polling = await BrowserAsync("fan-1");
        var other = await BrowserAsync("fan-2");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6 && !statuses.Contains(HttpStatusCode.TooManyRequests); i++)
        {
            statuses.Add((await polling.GetAsync("/v1/recipients/fan-1/inbox")).StatusCode);
        }

        statuses.ShouldContain(HttpStatusCode.TooManyRequests, $"statuses: {string.Join(", ", statuses)}");
        (await other.GetAsync("/v1/recipients/fan-2/inbox")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private async Task<HttpClient> BrowserAsync(string recipientId)
    {
        var issued = await service.Client().PostAsJsonAsync($"/v1/recipients/{recipientId}/tokens", new { });
        var browser = service.Client(key: null);
        browser.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)(await issued.Content.ReadFromJsonAsync<JsonObject>())!["token"]!);
        return browser;
    }
}
