using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Tracing;

/// <summary>A calling service with a span of its own, and what a receiver's <c>traceparent</c> says.</summary>
internal static class Callers
{
    /// <summary>
    /// A client that adds no trace headers of its own (the test process may be tracing), so the
    /// service sees exactly the ones a test sends.
    /// </summary>
    public static HttpClient Client(TestService service)
    {
        var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = service.Client().BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestService.BootstrapKey);
        return client;
    }

    /// <summary>A sampled span of the caller: its trace id, its span id, and the <c>traceparent</c> naming it.</summary>
    public static (ActivityTraceId TraceId, ActivitySpanId SpanId, string TraceParent) NewSpan()
    {
        var (trace, span) = (ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom());
        return (trace, span, $"00-{trace.ToHexString()}-{span.ToHexString()}-01");
    }

    /// <summary>Sends a notification with these headers; fails unless it is accepted.</summary>
    public static async Task<JsonObject> SendAsync(this HttpClient client, JsonObject body, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/notifications") { Content = JsonContent.Create(body) };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await client.SendAsync(request);
        var json = await response.Content.ReadFromJsonAsync<JsonObject>();
        ((int)response.StatusCode).ShouldBe(202, json?.ToJsonString());
        return json!;
    }

    /// <summary>The trace id and parent span id of a received <c>traceparent</c>, checked against the W3C format.</summary>
    public static (ActivityTraceId TraceId, ActivitySpanId ParentId) TraceParent(this ReceivedRequest request)
    {
        request.Headers.ShouldContainKey("traceparent");
        var value = request.Headers["traceparent"];
        value.ShouldMatch("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$");
        var parts = value.Split('-');
        return (ActivityTraceId.CreateFromString(parts[1]), ActivitySpanId.CreateFromString(parts[2]));
    }
}
