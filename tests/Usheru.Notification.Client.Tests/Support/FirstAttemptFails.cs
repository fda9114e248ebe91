using System.Net;
using System.Net.Http.Headers;

namespace Usheru.Notification.Client.Tests.Support;

/// <summary>
/// Sits between the client's resilience handler and the network and fails the first attempt of one
/// request with <c>status</c> (503 unless given; Retry-After: 0, so a retry comes at once): before it
/// reaches the service, or after the service answered it, as when an answer is lost on the way back.
/// </summary>
internal sealed class FirstAttemptFails(HttpMethod method, string path, bool afterTheServiceAnswered = false,
    HttpStatusCode status = HttpStatusCode.ServiceUnavailable) : DelegatingHandler
{
    private int attempts;

    /// <summary>How many times the request was sent.</summary>
    public int Attempts => attempts;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != method || request.RequestUri!.AbsolutePath != path || Interlocked.Increment(ref attempts) > 1)
        {
            return await base.SendAsync(request, cancellationToken);
        }
        if (afterTheServiceAnswered)
        {
            (await base.SendAsync(request, cancellationToken)).Dispose();
        }
        return new HttpResponseMessage(status)
        {
            RequestMessage = request,
            Headers = { RetryAfter = new RetryConditionHeaderValue(TimeSpan.Zero) },
            Content = new StringContent($$"""{"title":"Injected failure","status":{{(int)status}}}""", null, "application/problem+json"),
        };
    }
}
