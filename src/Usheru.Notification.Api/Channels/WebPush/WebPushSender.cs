using System.Buffers.Text;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Usheru.Notification.Api.Channels.Webhook;
using Usheru.Notification.Api.Delivery;

namespace Usheru.Notification.Api.Channels.WebPush;

/// <summary>
/// Makes one web push request (RFC 8030): the payload encrypted for the subscription (RFC 8291),
/// signed with VAPID (RFC 8292), through the guarded client webhooks use, since push endpoints
/// are URLs from outside too. 2xx sent; 404 and 410 <see cref="SubscriptionExpired"/>; 429, 5xx
/// and network failures retried, honouring <c>Retry-After</c>; any other answer final.
/// </summary>
internal sealed class WebPushSender(IHttpClientFactory clients, VapidKeyStore keys, IOptions<WebPushOptions> options, TimeProvider time)
{
    /// <summary>The outcome of a 404 or 410: the browser unsubscribed, or the subscription lapsed. Compare by value.</summary>
    public static readonly DeliveryOutcome.Failed SubscriptionExpired = new("push subscription expired");

    public async Task<DeliveryOutcome> SendAsync(PushSubscription subscription, byte[] payload, CancellationToken cancellationToken)
    {
        if (payload.Length > PushMessageEncryption.MaxPlaintextLength)
            return new DeliveryOutcome.Failed($"push message is {payload.Length} bytes; push services take {PushMessageEncryption.MaxPlaintextLength}");
        if (!Uri.TryCreate(subscription.Endpoint, UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
            return new DeliveryOutcome.Failed("push endpoint is not an absolute http(s) url");
        if (Encrypt(subscription, payload) is not { } body)
            return new DeliveryOutcome.Failed("push subscription keys are not usable");

        var settings = options.Value;
        var vapid = await keys.GetAsync(cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Content.Headers.ContentEncoding.Add("aes128gcm");
        request.Headers.TryAddWithoutValidation("TTL", settings.TimeToLiveSeconds.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("Urgency", "normal");
        request.Headers.Authorization = new AuthenticationHeaderValue("vapid", VapidToken.Create(endpoint, settings.Subject, vapid, time.GetUtcNow()));
        try
        {
            using var response = await clients.CreateClient(WebhookSender.HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return Judge(response);
        }
        catch (HttpRequestException e) when (e.InnerException is WebhookTargetRefusedException)
        {
            return new DeliveryOutcome.Failed("push endpoint refused: it resolves to a private address");
        }
        catch (HttpRequestException e)
        {
            return new DeliveryOutcome.Retry($"could not reach the push service: {e.HttpRequestError}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DeliveryOutcome.Retry("push service did not answer in time");
        }
    }

    private static byte[]? Encrypt(PushSubscription subscription, byte[] payload)
    {
        try
        {
            return PushMessageEncryption.Encrypt(payload, Base64Url.DecodeFromChars(subscription.P256dh), Base64Url.DecodeFromChars(subscription.Auth));
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return null;
        }
    }

    private DeliveryOutcome Judge(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        return status switch
        {
            // The Location is the push message resource, the service's id for it.
            >= 200 and < 300 => new DeliveryOutcome.Sent(response.Headers.Location?.ToString()),
            404 or 410 => SubscriptionExpired,
            429 or >= 500 => new DeliveryOutcome.Retry($"push service answered {status}", RetryAfter.From(response, time)),
            _ => new DeliveryOutcome.Failed($"push service answered {status}"),
        };
    }
}
