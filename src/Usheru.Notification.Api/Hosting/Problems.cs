using Microsoft.AspNetCore.Http.HttpResults;

namespace Usheru.Notification.Api.Hosting;

/// <summary>The RFC 9457 answers the endpoints give, worded once.</summary>
internal static class Problems
{
    public static ProblemHttpResult NotFound(string what, string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: $"No {what} '{id}'.");

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);

    public static ProblemHttpResult Unprocessable(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Unprocessable Content", detail: detail);
}
