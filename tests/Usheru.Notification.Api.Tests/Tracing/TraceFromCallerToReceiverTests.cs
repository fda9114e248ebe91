using System.Diagnostics;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Tracing;

/// <summary>
/// Tracing on (exported in memory, as it would be over OTLP): the caller's trace runs through the
/// accept span, each delivery attempt's span and its HTTP request, to the webhook receiver.
/// </summary>
[Collection(TracedServices.Name)]
public abstract class TraceFromCallerToReceiverTests(Engine engine) : IAsyncLifetime
{
    private readonly ExportedSpans spans = new();
    private TestService service = null!;
    private WebhookReceiver receiver = null!;

    public async Task InitializeAsync()
    {
        service = new TestService(engine: engine, services: spans.Register);
        receiver = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await receiver.DisposeAsync();
        service.Dispose();
    }

    [Fact]
    public async Task A_callers_trace_runs_through_the_accept_and_the_attempt_to_the_webhook_and_event_receivers()
    {
        using var client = Callers.Client(service);
        var (endpointId, secret) = await client.CreateWebhookEndpointAsync(new Uri(receiver.Url, "hooks/tok-4f1d9e").ToString());
        await client.CreateWebhookEndpointAsync(new Uri(receiver.Url, "events").ToString(), "delivery.sent");
        var caller = Callers.NewSpan();

        var accepted = await client.SendAsync(Requests.Webhook(endpointId), ("traceparent", caller.TraceParent));
        var received = await receiver.WaitForRequestsAsync(2, Eventually.DefaultTimeout);

        var webhook = received.Single(r => r.PathAndQuery == "/hooks/tok-4f1d9e");
        webhook.ShouldBeSignedWith(secret);
        var (webhookTrace, webhookParent) = webhook.TraceParent();
        webhookTrace.ShouldBe(caller.TraceId);
        received.Single(r => r.PathAndQuery == "/events").TraceParent().TraceId.ShouldBe(caller.TraceId);

        var accept = await spans.WaitForAsync(caller.TraceId, s => s.Kind == ActivityKind.Server && s.ParentSpanId == caller.SpanId, "the accept span");
        accept.DisplayName.ShouldBe("POST /v1/notifications/");
        accept.GetTagItem("usheru.notification.id").ShouldBe((string)accepted["id"]!);
        var attempt = await spans.WaitForAsync(caller.TraceId, s => s.DisplayName == "deliver webhook", "the delivery attempt span");
        attempt.Source.Name.ShouldBe("Usheru.Notification");
        attempt.ParentSpanId.ShouldBe(accept.SpanId);
        attempt.GetTagItem("usheru.notification.id").ShouldBe((string)accepted["id"]!);
        attempt.GetTagItem("usheru.delivery.id").ShouldBe(accepted.DeliveryIds().Single());
        attempt.GetTagItem("usheru.delivery.channel").ShouldBe("webhook");
        attempt.GetTagItem("usheru.delivery.attempt").ShouldBe(1);
        attempt.GetTagItem("usheru.delivery.outcome").ShouldBe("sent");
        var post = await spans.WaitForAsync(caller.TraceId, s => s.Kind == ActivityKind.Client && s.ParentSpanId == attempt.SpanId && s.Source.Name == "System.Net.Http",
            "the webhook request's span");
        webhookParent.ShouldBe(post.SpanId);
        (await spans.WaitForAsync(caller.TraceId, s => s.DisplayName == "deliver event", "the event's attempt span")).ParentSpanId.ShouldBe(accept.SpanId);

        // Webhook URLs often hold a token in their path: no span of the service carries it (the receiver's own may).
        spans.Of(caller.TraceId).Where(s => s.Kind != ActivityKind.Server || s == accept).SelectMany(s => s.TagObjects)
            .ShouldNotContain(tag => $"{tag.Value}".Contains("tok-4f1d9e"), string.Join("\n", spans.Of(caller.TraceId).SelectMany(s => s.TagObjects.Select(t => $"{s.DisplayName} {t.Key}={t.Value}"))));
        if (engine == Engine.Postgres)
        {
            spans.Of(caller.TraceId).ShouldContain(s => s.Source.Name == "Npgsql" && s.ParentSpanId == accept.SpanId);
            spans.Of(caller.TraceId).ShouldContain(s => s.Source.Name == "Npgsql" && s.ParentSpanId == attempt.SpanId);
        }
    }

    [Fact]
    public async Task A_request_without_traceparent_starts_a_trace_that_the_receiver_continues()
    {
        using var client = Callers.Client(service);
        var (endpointId, _) = await client.CreateWebhookEndpointAsync(receiver.Url.ToString());

        var accepted = await client.SendAsync(Requests.Webhook(endpointId));
        var (traceId, _) = (await receiver.WaitForRequestsAsync(1, Eventually.DefaultTimeout))[0].TraceParent();

        var accept = await spans.WaitForAsync(traceId, s => s.Kind == ActivityKind.Server && s.DisplayName == "POST /v1/notifications/", "the accept span");
        accept.ParentSpanId.ShouldBe(default);
        accept.GetTagItem("usheru.notification.id").ShouldBe((string)accepted["id"]!);
        (await spans.WaitForAsync(traceId, s => s.DisplayName == "deliver webhook", "the delivery attempt span")).ParentSpanId.ShouldBe(accept.SpanId);
    }

    [Fact]
    public async Task An_unsubscribe_links_token_stays_out_of_its_span()
    {
        using var client = Callers.Client(service);
        var caller = Callers.NewSpan();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/unsubscribe/tok-8c2a41e7");
        request.Headers.TryAddWithoutValidation("traceparent", caller.TraceParent);

        (await client.SendAsync(request)).IsSuccessStatusCode.ShouldBeFalse();

        var span = await spans.WaitForAsync(caller.TraceId, s => s.Kind == ActivityKind.Server, "the request's span");
        span.GetTagItem("url.path").ShouldBe("/unsubscribe/{token}");
        span.TagObjects.ShouldNotContain(tag => $"{tag.Value}".Contains("tok-8c2a41e7"));
    }

    [Fact]
    public async Task Each_attempt_is_its_own_span_under_the_accept_and_a_failed_one_says_so()
    {
        using var client = Callers.Client(service);
        var (endpointId, _) = await client.CreateWebhookEndpointAsync(receiver.Url.ToString());
        receiver.AnswerNext(400);
        var caller = Callers.NewSpan();

        await client.SendAsync(Requests.Webhook(endpointId), ("traceparent", caller.TraceParent));

        var attempt = await spans.WaitForAsync(caller.TraceId, s => s.DisplayName == "deliver webhook", "the delivery attempt span");
        attempt.GetTagItem("usheru.delivery.outcome").ShouldBe("failed");
        attempt.Status.ShouldBe(ActivityStatusCode.Error);
        var accept = spans.Of(caller.TraceId).Single(s => s.Kind == ActivityKind.Server && s.ParentSpanId == caller.SpanId);
        attempt.ParentSpanId.ShouldBe(accept.SpanId);
    }
}

public sealed class TraceFromCallerToReceiverOnSqlite() : TraceFromCallerToReceiverTests(Engine.Sqlite);

public sealed class TraceFromCallerToReceiverOnPostgres() : TraceFromCallerToReceiverTests(Engine.Postgres);
