using System.Data.Common;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Usheru.Notification.Api.Hosting;

/// <summary>
/// Turns what escapes an endpoint into RFC 9457: unreadable bodies are the client's 400 (or 413,
/// 415), an unreachable database is a 503 worth retrying, anything else a 500 without internals.
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } bad => BadJson(bad.StatusCode, json),
            BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest } bad when UnboundParameter().Match(bad.Message) is { Success: true } unbound =>
                BadParameter(unbound),
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode,
                Detail = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is larger than 256 KiB." : bad.Message,
            },
            DbException or TimeoutException => Unavailable(http),
            _ => null,
        };
        if (problem is null)
        {
            logger.LogError(exception, "Unhandled exception on {Method} {Path}", http.Request.Method, http.Request.Path);
            problem = new() { Status = StatusCodes.Status500InternalServerError, Detail = "An unexpected error occurred; it has been logged." };
        }
        else if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            logger.LogError(exception, "Database unavailable on {Method} {Path}", http.Request.Method, http.Request.Path);
        }
        http.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    private static HttpValidationProblemDetails BadJson(int status, JsonException json)
    {
        var field = json.Path is { Length: > 1 } path ? path.TrimStart('$', '.') : "body";
        return OneError(status, field, json.Message.StartsWith("Duplicate propert", StringComparison.Ordinal) ? "This property is given more than once (names are compared ignoring case)."
                : json.Path is { Length: > 1 } ? "This value has the wrong type or is malformed." : "The body is not valid JSON.",
            "The request body could not be read as JSON of the expected shape.");
    }

    /// <summary>
    /// A query or route value of the wrong type (<c>?limit=ten</c>), as minimal APIs word it:
    /// <c>Failed to bind parameter "int? limit" from "ten".</c> or <c>Required parameter "string id" was not provided …</c>.
    /// </summary>
    [GeneratedRegex(@"^(?<failed>Failed to bind|Required) parameter ""(?<type>[^""]*) (?<name>[A-Za-z0-9_]+)""")]
    private static partial Regex UnboundParameter();

    private static HttpValidationProblemDetails BadParameter(Match unbound)
    {
        var error = unbound.Groups["failed"].Value == "Required" ? "This value is required." : unbound.Groups["type"].Value.TrimEnd('?') switch
        {
            "int" or "long" => "This value is not a whole number.",
            "bool" => "This value is not true or false.",
            "DateTimeOffset" or "DateTime" => "This value is not an ISO 8601 timestamp.",
            _ => "This value is not of the documented type.",
        };
        return OneError(StatusCodes.Status400BadRequest, unbound.Groups["name"].Value, error, "A query or route parameter could not be read.");
    }

    private static HttpValidationProblemDetails OneError(int status, string field, string error, string detail) =>
        new(new Dictionary<string, string[]> { [field] = [error] }) { Status = status, Detail = detail };

    private static ProblemDetails Unavailable(HttpContext http)
    {
        http.Response.Headers.RetryAfter = "5";
        return new() { Status = StatusCodes.Status503ServiceUnavailable, Detail = "The database is unavailable, so the request was not completed. Retry shortly; with the same Idempotency-Key a retry is safe." };
    }
}
