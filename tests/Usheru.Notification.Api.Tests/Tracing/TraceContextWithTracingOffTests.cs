using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Tracing;

/// <summary>
/// Tracing off (no exporter, no listener): the service makes no spans, yet the caller's trace
/// context is stored with the notification and reaches whoever receives its deliveries, and the
/// log lines about a delivery carry its trace id.
/// </summary>
[Collection(TracedServices.Name)]
public abstract class TraceContextWithTracingOffTests(Engine engine) : IAsyncLifetime
{
    private const string TraceState = "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE";
    private readonly CapturedLogs logs = new();
    private TestService service = null!;
    private WebhookReceiver receiver = null!;

    public async Task InitializeAsync()
    {
        service = new TestService(engine: engine, services: logs.Register);
        receiver = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await receiver.DisposeAsync();
        service.Dispose();
    }

    [Fact]
    public async Task The_callers_traceparent_and_tracestate_reach_the_webhook_and_event_receivers_as_they_came()
    {
        using var client = Callers.Client(service);
        var (endpointId, secret) = await client.CreateWebhookEndpointAsync(new Uri(receiver.Url, "hooks").ToString());
        await client.CreateWebhookEndpointAsync(new Uri(receiver.Url, "events").ToString(), "delivery.sent");
        var caller = Callers.NewSpan();

        await client.SendAsync(Requests.Webhook(endpointId), ("traceparent", caller.TraceParent), ("tracestate", TraceState));
        var received = await receiver.WaitForRequestsAsync(2, Eventually.DefaultTimeout);

        foreach (var request in received)
        {
            request.Headers["traceparent"].ShouldBe(caller.TraceParent);
            request.Headers["tracestate"].ShouldBe(TraceState);
        }
        received.Single(r => r.PathAndQuery == "/hooks").ShouldBeSignedWith(secret);
    }

    [Fact]
    public async Task A_workflow_run_sends_in_the_trace_of_the_notification_that_started_it()
    {
        using var client = Callers.Client(service);
        var (endpointId, _) = await client.CreateWebhookEndpointAsync(receiver.Url.ToString());
        var workflow = new JsonObject
        {
            ["name"] = "booking-confirmed",
            ["steps"] = new JsonArray(new JsonObject
            {
                ["id"] = "tell",
                ["type"] = "send",
                ["channel"] = "webhook",
                ["content"] = new JsonObject { ["webhook"] = new JsonObject { ["payload"] = new JsonObject { ["film"] = "{{ data.film }}" } } },
            }),
        };
        (await client.PutAsJsonAsync("/v1/workflows/booking-confirmed", workflow)).EnsureSuccessStatusCode();
        var caller = Callers.NewSpan();

        await client.SendAsync(new JsonObject
        {
            ["workflow"] = "booking-confirmed",
            ["to"] = new JsonArray(new JsonObject { ["webhook"] = endpointId }),
            ["data"] = new JsonObject { ["film"] = "Dune: Part Three" },
        }, ("traceparent", caller.TraceParent));

        var request = (await receiver.WaitForRequestsAsync(1, Eventually.DefaultTimeout))[0];
        request.Headers["traceparent"].ShouldBe(caller.TraceParent);
        request.BodyText.ShouldContain("Dune: Part Three");
    }

    [Fact]
    public async Task A_malformed_traceparent_is_ignored_and_the_notification_still_delivered()
    {
        using var client = Callers.Client(service);
        var (endpointId, _) = await client.CreateWebhookEndpointAsync(receiver.Url.ToString());

        var accepted = await client.SendAsync(Requests.Webhook(endpointId), ("traceparent", "00-00000000000000000000000000000000-00f067aa0ba902b7-01"));

        var request = (await receiver.WaitForRequestsAsync(1, Eventually.DefaultTimeout))[0];
        request.Headers.ShouldNotContainKey("traceparent");
        await client.WaitForStatusAsync((string)accepted["id"]!, "completed");
    }

    [Fact]
    public async Task A_failed_delivery_is_logged_with_its_notification_delivery_and_trace_ids()
    {
        using var client = Callers.Client(service);
        var (endpointId, _) = await client.CreateWebhookEndpointAsync(receiver.Url.ToString());
        receiver.AnswerNext(400);
        var caller = Callers.NewSpan();

        var accepted = await client.SendAsync(Requests.Webhook(endpointId), ("traceparent", caller.TraceParent));

        var line = await logs.WaitForAsync(l => l.Level == LogLevel.Warning && l.Message.StartsWith("Delivery on webhook failed", StringComparison.Ordinal),
            "the delivery's failure to be logged");
        line.Scope("notificationId").ShouldBe((string)accepted["id"]!);
        line.Scope("deliveryId").ShouldBe(accepted.DeliveryIds().Single());
        line.Scope("traceId").ShouldBe(caller.TraceId.ToHexString());
    }
}

public sealed class TraceContextWithTracingOffOnSqlite() : TraceContextWithTracingOffTests(Engine.Sqlite);

public sealed class TraceContextWithTracingOffOnPostgres() : TraceContextWithTracingOffTests(Engine.Postgres);
