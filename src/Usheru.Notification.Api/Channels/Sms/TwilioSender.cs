using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Usheru.Notification.Api.Channels.Webhook;
using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Channels.Sms;

/// <summary>
/// Creates one message through Twilio's REST API (<c>POST /2010-04-01/Accounts/{sid}/Messages.json</c>)
/// and judges the answer: 2xx sent, with Twilio's message sid; 429, 5xx and network failures retried,
/// honouring <c>Retry-After</c>; any other answer final, with Twilio's error code and message.
/// </summary>
internal sealed class TwilioSender(IHttpClientFactory clients, IOptions<TwilioOptions> options, TimeProvider time)
{
    public const string HttpClientName = "twilio";

    /// <summary>Twilio's error messages are short; this keeps a surprising one from filling the delivery's last error.</summary>
    private const int MaxMessageLength = 200;

    public async Task<DeliveryOutcome> SendAsync(string to, string text, CancellationToken cancellationToken)
    {
        var twilio = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, MessagesUrl(twilio))
        {
            Content = new FormUrlEncodedContent(twilio.StatusCallback is { } callback
                ? [new("To", to), new("From", twilio.From), new("Body", text), new("StatusCallback", callback)]
                : [new("To", to), new("From", twilio.From), new("Body", text)]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{twilio.AccountSid}:{twilio.AuthToken}")));
        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            return Judge(response, await ReadAnswerAsync(response, cancellationToken));
        }
        catch (HttpRequestException e)
        {
            return new DeliveryOutcome.Retry($"could not reach twilio: {e.HttpRequestError}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DeliveryOutcome.Retry("twilio did not answer in time");
        }
    }

    private static Uri MessagesUrl(TwilioOptions twilio) =>
        new($"{twilio.BaseUrl.TrimEnd('/')}/2010-04-01/Accounts/{Uri.EscapeDataString(twilio.AccountSid ?? "")}/Messages.json");

    private DeliveryOutcome Judge(HttpResponseMessage response, Answer? answer)
    {
        var status = (int)response.StatusCode;
        if (status is >= 200 and < 300)
            return new DeliveryOutcome.Sent(answer?.Sid);

        var error = answer?.Code is { } code
            ? $"twilio answered {status}: error {code} {Shorten(answer.Message)}".TrimEnd()
            : $"twilio answered {status}";
        return status is 429 or >= 500
            ? new DeliveryOutcome.Retry(error, RetryAfter.From(response, time))
            : new DeliveryOutcome.Failed(error);
    }

    /// <summary>Twilio answers JSON, success or error; anything else (a proxy's HTML page) reads as no answer.</summary>
    private static async Task<Answer?> ReadAnswerAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<Answer>(StoredJson.Options, cancellationToken);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            return null;
        }
    }

    private static string? Shorten(string? message) =>
        message is { Length: > MaxMessageLength } ? message[..MaxMessageLength] : message;

    /// <summary>The fields read from Twilio's answers: a message resource, or an error.</summary>
    private sealed record Answer(string? Sid, int? Code, string? Message);
}
