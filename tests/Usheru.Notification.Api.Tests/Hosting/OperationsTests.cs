using System.Net;
using System.Text.Json.Nodes;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Hosting;

public abstract class OperationsTests(Engine engine) : IDisposable
{
    private readonly TestService service = new(engine: engine);

    public void Dispose() => service.Dispose();

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Answers_health_checks_without_an_api_key(string path)
    {
        var response = await service.Client(key: null).GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Exposes_delivery_outcomes_queue_depth_and_request_metrics_to_prometheus()
    {
        var client = service.Client();
        var accepted = await client.SendAsync(Requests.Email());
        await client.WaitForStatusAsync((string)accepted["id"]!, "completed");

        var metrics = await service.Client(key: null).GetStringAsync("/metrics");

        metrics.ShouldContain("usheru_deliveries_total{channel=\"email\",status=\"sent\"} 1");
        metrics.ShouldContain("usheru_queue_depth{status=\"queued\"} 0");
        metrics.ShouldContain("usheru_delivery_latency_seconds_count{channel=\"email\"} 1");
        metrics.ShouldContain("http_requests_received_total");
    }

    [Fact]
    public async Task Publishes_an_openapi_document_describing_the_endpoints_and_a_reference_page()
    {
        var client = service.Client(key: null);

        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;
        var page = await client.GetAsync("/scalar/v1");

        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        foreach (var path in new[] { "/v1/notifications", "/v1/notifications/{id}", "/v1/notifications/{id}/cancel", "/v1/webhook-endpoints", "/v1/api-keys" })
        {
            paths.ShouldContain(path);
        }
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await page.Content.ReadAsStringAsync()).ShouldContain("openapi/v1.json");
        // The page's script is served by the service itself: the reference works with no internet.
        (await client.GetAsync("/scalar/scalar.js")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

public sealed class OperationsOnSqlite() : OperationsTests(Engine.Sqlite);

public sealed class OperationsOnPostgres() : OperationsTests(Engine.Postgres);
