using System.Net.Http.Headers;
using System.Text.Json;
using Usheru.Notification.Client.Http;

namespace Usheru.Notification.Client;

/// <summary>
/// The service answered with an error: its RFC 9457 problem details, typed. Thrown for every
/// answer other than 2xx (after the retries that are safe), including 401, 403 and 404.
/// </summary>
public sealed class NotificationApiException : Exception
{
    private static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();

    /// <summary>An error as the service would answer it; for tests that mock <see cref="INotificationClient"/>.</summary>
    /// <param name="status">The HTTP status code.</param>
    /// <param name="title">The short, general description of the problem.</param>
    /// <param name="detail">What went wrong this time.</param>
    /// <param name="errors">For validation errors (400): the messages per request field.</param>
    /// <param name="type">The problem type URI.</param>
    /// <param name="traceId">The service's trace id for this request.</param>
    /// <param name="retryAfter">For 429 and 503: how long the service asked to wait.</param>
    public NotificationApiException(
        int status,
        string? title = null,
        string? detail = null,
        IReadOnlyDictionary<string, string[]>? errors = null,
        string? type = null,
        string? traceId = null,
        TimeSpan? retryAfter = null)
        : base(Describe(status, title, detail, errors))
    {
        Status = status;
        Title = title;
        Detail = detail;
        Errors = errors ?? NoErrors;
        Type = type;
        TraceId = traceId;
        RetryAfter = retryAfter;
    }

    /// <summary>The HTTP status code.</summary>
    public int Status { get; }

    /// <summary>The problem type URI, such as <c>https://tools.ietf.org/html/rfc9110#section-15.5.1</c>.</summary>
    public string? Type { get; }

    /// <summary>The short, general description of the problem, such as <c>Not Found</c>.</summary>
    public string? Title { get; }

    /// <summary>What went wrong this time; for an answer that is not problem details, the start of its body.</summary>
    public string? Detail { get; }

    /// <summary>The service's trace id for this request: quote it when asking about a failure.</summary>
    public string? TraceId { get; }

    /// <summary>For validation errors (400): the messages per request field, such as <c>to[0]</c>; otherwise empty.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }

    /// <summary>For 429 and 503: how long the service asked to wait before trying again.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Reads the error answer; answers that are not problem details (a proxy's 502 page) keep their status.</summary>
    internal static async Task<NotificationApiException> FromResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var retryAfter = RetryAfterOf(response.Headers.RetryAfter);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.Content.Headers.ContentType?.MediaType is "application/problem+json" or "application/json")
        {
            try
            {
                if (JsonSerializer.Deserialize<Problem>(body, Json.Options) is { } problem)
                {
                    return new(status, problem.Title, problem.Detail, problem.Errors, problem.Type, problem.TraceId, retryAfter);
                }
            }
            catch (JsonException)
            {
                // Not the problem details it claims to be: described below from its status and text.
            }
        }
        return new(status, response.ReasonPhrase, body.Length > 500 ? body[..500] : body, retryAfter: retryAfter);
    }

    private static TimeSpan? RetryAfterOf(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow,
        _ => null,
    };

    private static string Describe(int status, string? title, string? detail, IReadOnlyDictionary<string, string[]>? errors)
    {
        var message = $"The notification service answered {status}{(title is null ? "" : $" {title}")}{(string.IsNullOrEmpty(detail) ? "" : $": {detail}")}";
        return errors is { Count: > 0 }
            ? $"{message} ({string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))})"
            : message;
    }

    private sealed record Problem(string? Type, string? Title, string? Detail, string? TraceId, Dictionary<string, string[]>? Errors);
}
