using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Usheru.Notification.Api.ApiKeys;
using Usheru.Notification.Api.Hosting;
using Usheru.Notification.Api.Idempotency;
using Usheru.Notification.Api.Storage;
using Usheru.Notification.Api.Tracing;

namespace Usheru.Notification.Api.Notifications;

internal static class NotificationRoutes
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static RouteGroupBuilder MapNotifications(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/notifications").WithTags("Notifications").RequireWellFormed("id", Identifiers.Issued(Ids.Notification), "notification");
        group.MapPost("/", SendAsync).RequireAuthorization(ApiKeyScopes.Send);
        group.MapGet("/", ListAsync).RequireAuthorization(ApiKeyScopes.Read);
        group.MapGet("/{id}", GetAsync).RequireAuthorization(ApiKeyScopes.Read);
        group.MapGet("/{id}/deliveries", DeliveriesAsync).RequireAuthorization(ApiKeyScopes.Read);
        group.MapPost("/{id}/cancel", CancelAsync).RequireAuthorization(ApiKeyScopes.Send);
        return group;
    }

    private static async Task<IResult> SendAsync(
        SendNotificationRequest request, HttpContext http, NotificationWriter writer, IdempotencyStore idempotency,
        NotificationComposer composer, TimeProvider time, CancellationToken ct)
    {
        var errors = NotificationRequestValidator.Validate(request);
        var key = http.Request.Headers[IdempotencyKeyHeader].ToString();
        if (http.Request.Headers.ContainsKey(IdempotencyKeyHeader) && key.Length is < 1 or > 255)
        {
            errors[IdempotencyKeyHeader] = ["Use an idempotency key of 1 to 255 characters."];
        }
        var notification = errors.Count == 0 ? await composer.ComposeAsync(request, time.GetUtcNow(), TraceContext.OfRequest(http), errors, ct) : null;
        if (errors.Count > 0 || notification is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        ServiceTracing.TagAccepted(notification.Id);
        var apiKeyId = http.User.ApiKeyId();
        var location = $"/v1/notifications/{notification.Id}";
        if (key.Length == 0)
        {
            return TypedResults.Accepted(location, AcceptedNotification.From(await writer.WriteAsync(notification, apiKeyId, null)));
        }

        var claim = await idempotency.BeginAsync(apiKeyId, key, RequestHash(request), ct);
        switch (claim.State)
        {
            case IdempotencyState.Mismatch:
                return Problems.Unprocessable("This idempotency key was used with a different request body.");
            case IdempotencyState.InProgress:
                return Problems.Conflict("A request with this idempotency key is still being processed; retry shortly.");
            case IdempotencyState.Replay:
                http.Response.Headers["Idempotent-Replayed"] = "true";
                if (claim.Location is not null)
                {
                    http.Response.Headers.Location = claim.Location;
                }
                return TypedResults.Text(claim.Body, "application/json", statusCode: claim.Status);
        }
        NewNotification written;
        try
        {
            written = await writer.WriteAsync(notification, apiKeyId, (scope, written) => IdempotencyStore.CompleteAsync(
                scope, apiKeyId, key, StatusCodes.Status202Accepted, StoredJson.Serialize(AcceptedNotification.From(written)), location, CancellationToken.None));
        }
        catch
        {
            await idempotency.AbandonAsync(apiKeyId, key);
            throw;
        }
        return TypedResults.Accepted(location, AcceptedNotification.From(written));
    }

    private static async Task<Results<Ok<Page<NotificationView>>, ValidationProblem>> ListAsync(
        int? limit, string? cursor, HttpRequest request, NotificationStore store, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var (take, after) = Paging.Read(limit, cursor, errors);
        var search = NotificationSearch.Read(request.Query, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var (items, last) = await store.ListAsync(search, after, take, ct);
        return TypedResults.Ok(new Page<NotificationView>(items, Paging.Encode(last)));
    }

    private static async Task<Results<Ok<NotificationView>, ProblemHttpResult>> GetAsync(string id, NotificationStore store, CancellationToken ct) =>
        await store.GetAsync(id, ct) is { } view ? TypedResults.Ok(view) : Problems.NotFound("notification", id);

    private static async Task<Results<Ok<Page<DeliveryView>>, ValidationProblem, ProblemHttpResult>> DeliveriesAsync(
        string id, int? limit, string? cursor, NotificationStore store, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var (take, after) = Paging.Read(limit, cursor, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return await store.DeliveriesAsync(id, after, take, ct) is var (items, last)
            ? TypedResults.Ok(new Page<DeliveryView>(items, Paging.Encode(last)))
            : Problems.NotFound("notification", id);
    }

    private static async Task<Results<Ok<NotificationView>, ProblemHttpResult>> CancelAsync(string id, NotificationStore store, CancellationToken ct) =>
        await store.CancelAsync(id, ct) switch
        {
            null => Problems.NotFound("notification", id),
            { Cancelled: 0 } => Problems.Conflict("Nothing left to cancel: every delivery is sending or has ended."),
            var (view, _) => TypedResults.Ok(view),
        };

    /// <summary>Requests are compared as parsed, so whitespace and property order do not matter.</summary>
    internal static string RequestHash(SendNotificationRequest request) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, StoredJson.Options)));
}
