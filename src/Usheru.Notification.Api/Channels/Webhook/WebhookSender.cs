using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Tracing;

namespace Usheru.Notification.Api.Channels.Webhook;

/// <summary>
/// Makes one signed webhook request (Standard Webhooks), in the sender's trace (W3C <c>traceparent</c>),
/// and judges the answer: 2xx sent; 408, 429, 5xx and network failures retried, honouring
/// <c>Retry-After</c>; 410 <see cref="EndpointGone"/>; redirects and other 4xx final.
/// </summary>
internal sealed class WebhookSender(IHttpClientFactory clients, TimeProvider time)
{
    public const string HttpClientName = "webhooks";
    private const string TraceParentHeader = "traceparent";
    private const string TraceStateHeader = "tracestate";

    /// <summary>The outcome of a 410 answer: the endpoint asks never to be called again. Compare by value.</summary>
    public static readonly DeliveryOutcome.Failed EndpointGone = new("webhook endpoint answered 410 Gone");

    /// <param name="messageId">The <c>webhook-id</c>: the same on every attempt of one message, so receivers can de-duplicate.</param>
    /// <param name="traceContext">The stored trace context of the message's notification (<see cref="TraceContext"/>), sent on as <c>traceparent</c>
    /// and <c>tracestate</c> when tracing is off; on, the outgoing request's own span is the receiver's parent.</param>
    public async Task<DeliveryOutcome> SendAsync(string url, string secret, string messageId, byte[] body, string? traceContext,
        CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            return new DeliveryOutcome.Failed("webhook url is not an absolute http(s) url");
        if (SignatureKey(secret) is not { } key)
            return new DeliveryOutcome.Failed("webhook secret is not a whsec_ secret");

        // Fresh on every attempt: receivers reject stale timestamps to stop replays.
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("webhook-id", messageId);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", WebhookSignature.Sign(messageId, timestamp, body, key));
        // Outside the signed content (id, timestamp, body), so the signature holds whatever a proxy does to it.
        if (traceContext is not null && Activity.Current is null)
        {
            var (parent, state) = TraceContext.Split(traceContext);
            request.Headers.TryAddWithoutValidation(TraceParentHeader, parent);
            if (state is not null)
            {
                request.Headers.TryAddWithoutValidation(TraceStateHeader, state);
            }
        }
        try
        {
            using var response = await clients.CreateClient(HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return Judge(response);
        }
        catch (HttpRequestException e) when (e.InnerException is WebhookTargetRefusedException)
        {
            return new DeliveryOutcome.Failed("webhook target refused: it resolves to a private address");
        }
        catch (HttpRequestException e)
        {
            return new DeliveryOutcome.Retry($"could not reach the webhook endpoint: {e.HttpRequestError}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DeliveryOutcome.Retry("webhook endpoint did not answer in time");
        }
    }

    private DeliveryOutcome Judge(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        return status switch
        {
            >= 200 and < 300 => new DeliveryOutcome.Sent(null),
            >= 300 and < 400 => new DeliveryOutcome.Failed($"webhook endpoint answered {status}: redirects are not followed"),
            410 => EndpointGone,
            408 or 429 or >= 500 => new DeliveryOutcome.Retry($"webhook endpoint answered {status}", RetryAfter.From(response, time)),
            _ => new DeliveryOutcome.Failed($"webhook endpoint answered {status}"),
        };
    }

    private static byte[]? SignatureKey(string secret)
    {
        try
        {
            return WebhookSecret.KeyBytes(secret);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
