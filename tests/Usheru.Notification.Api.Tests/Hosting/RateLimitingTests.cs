using System.Net;
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
}
