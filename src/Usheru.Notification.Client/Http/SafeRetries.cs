using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;

namespace Usheru.Notification.Client.Http;

/// <summary>
/// Which failures are retried: transient ones (connection errors, timeouts, 408, 429, 5xx), and only
/// for requests that are safe to send twice. A GET changes nothing; a POST with an
/// <c>Idempotency-Key</c> (every send) is answered once however often it arrives. Such a POST is also
/// retried on 409, the service's "the first request with this key is still running; retry shortly".
/// </summary>
internal static class SafeRetries
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static ValueTask<bool> ShouldRetryAsync(RetryPredicateArguments<HttpResponseMessage> args)
    {
        var request = args.Context.GetRequestMessage();
        var idempotent = request?.Headers.Contains(IdempotencyKeyHeader) == true;
        var safe = request?.Method == HttpMethod.Get || idempotent;
        var retry = safe && (HttpClientResiliencePredicates.IsTransient(args.Outcome)
            || (idempotent && args.Outcome.Result?.StatusCode == HttpStatusCode.Conflict));
        return ValueTask.FromResult(retry);
    }
}
