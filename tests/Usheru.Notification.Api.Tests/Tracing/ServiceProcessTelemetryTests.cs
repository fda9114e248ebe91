using System.Text;
using System.Text.Json.Nodes;
using Usheru.Notification.Api.Tests.Support;
using Xunit.Abstractions;

namespace Usheru.Notification.Api.Tests.Tracing;

/// <summary>
/// The service as its own process, configured the way a container is: spans leave over OTLP when
/// the standard <c>OTEL_*</c> variables say where, and the console shows JSON in Production and the
/// simple format in Development, each delivery's lines carrying its ids and trace id.
/// </summary>
[Collection(TracedServices.Name)]
public sealed class ServiceProcessTelemetryTests(ITestOutputHelper output) : IDisposable
{
    private readonly ServiceData data = new();

    public void Dispose() => data.Dispose();

    [Fact]
    public async Task Exports_the_callers_trace_over_otlp_to_the_endpoint_the_otel_variables_name()
    {
        await using var collector = await WebhookReceiver.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var service = await ServiceProcess.StartAsync(data, output, new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Url.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = "notification-under-test",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["Webhooks:AllowPrivateNetworks"] = "true",
        });
        var (endpointId, _) = await service.Http.CreateWebhookEndpointAsync(receiver.Url.ToString());
        var caller = Callers.NewSpan();

        await service.Http.SendAsync(Requests.Webhook(endpointId), ("traceparent", caller.TraceParent));
        (await receiver.WaitForRequestsAsync(1, Eventually.DefaultTimeout))[0].TraceParent().TraceId.ShouldBe(caller.TraceId);

        // OTLP/protobuf carries the trace id as its 16 bytes and names as UTF-8: no decoder needed to find them.
        var traceId = Convert.FromHexString(caller.TraceId.ToHexString());
        var exported = await Eventually.GetAsync(() => Task.FromResult(collector.Requests.Where(r => r.PathAndQuery == "/v1/traces").ToList()),
            requests => requests.Exists(r => Contains(r.Body, traceId) && Contains(r.Body, "deliver webhook")), what: "the attempt span to be exported");
        exported.ShouldAllBe(r => r.Headers["Content-Type"] == "application/x-protobuf");
        exported.ShouldContain(r => Contains(r.Body, "notification-under-test") && Contains(r.Body, "POST /v1/notifications/"));
    }

    [Fact]
    public async Task Logs_json_lines_in_production_with_a_deliverys_ids_and_trace_id()
    {
        var (service, accepted, caller) = await FailADeliveryAsync("Production");
        await using (service)
        {
            var line = await Eventually.GetAsync(() => Task.FromResult(service.LinesWith("Delivery on webhook failed")), lines => lines.Count > 0,
                what: "the failure to be logged");
            var scopes = JsonNode.Parse(line[0])!["Scopes"]!.AsArray().Select(s => s!.AsObject()).ToList();
            scopes.ShouldContain(s => (string?)s["notificationId"] == (string)accepted["id"]! && (string?)s["deliveryId"] == accepted.DeliveryIds().Single()
                && (string?)s["traceId"] == caller.TraceId.ToHexString());
        }
    }

    [Fact]
    public async Task Logs_plain_text_in_development_with_a_deliverys_ids_and_trace_id()
    {
        var (service, accepted, caller) = await FailADeliveryAsync("Development");
        await using (service)
        {
            var scope = $"=> notification {(string)accepted["id"]!} delivery {accepted.DeliveryIds().Single()} trace {caller.TraceId.ToHexString()}";
            await Eventually.GetAsync(() => Task.FromResult(service.LinesWith(scope)), lines => lines.Count > 0, what: "the failure's scope line");
            service.LinesWith("Delivery on webhook failed").ShouldNotBeEmpty();
            service.LinesWith("warn: Usheru.Notification.Api.Delivery.DeliveryWorker").ShouldNotBeEmpty();
            service.LinesWith("\"Timestamp\"").ShouldBeEmpty();
        }
    }

    private async Task<(ServiceProcess Service, JsonObject Accepted, (System.Diagnostics.ActivityTraceId TraceId, System.Diagnostics.ActivitySpanId SpanId, string TraceParent) Caller)>
        FailADeliveryAsync(string environment)
    {
        var receiver = await WebhookReceiver.StartAsync();
        var service = await ServiceProcess.StartAsync(data, output, new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = environment,
            ["Webhooks:AllowPrivateNetworks"] = "true",
        });
        var (endpointId, _) = await service.Http.CreateWebhookEndpointAsync(receiver.Url.ToString());
        receiver.AnswerNext(400);
        var caller = Callers.NewSpan();
        var accepted = await service.Http.SendAsync(Requests.Webhook(endpointId), ("traceparent", caller.TraceParent));
        await service.Http.WaitForStatusAsync((string)accepted["id"]!, "failed");
        await receiver.DisposeAsync();
        return (service, accepted, caller);
    }

    private static bool Contains(byte[] body, byte[] part) => body.AsSpan().IndexOf(part) >= 0;

    private static bool Contains(byte[] body, string text) => Contains(body, Encoding.UTF8.GetBytes(text));
}
