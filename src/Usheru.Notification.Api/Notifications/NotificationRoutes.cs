using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Usheru.Notification.Api.ApiKeys;
using Usheru.Notification.Api.Hosting;
using Usheru.Notification.Api.Hosting.OpenApi;
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
        group.MapPost("/", SendAsync).RequireAuthorization(ApiKeyScopes.Send)
            .Documented("sendNotification", "Send a notification",
                "Scope `send`. Sends to addresses, webhook endpoints, recipients or topics, with a stored `template` or inline `content`, "
                + "or starts a `workflow`. Answers 202 once the notification and its deliveries are durably stored. With `Idempotency-Key`, "
                + "the same key and body answer the original response again (header `Idempotent-Replayed: true`); the same key with another body is a 422, "
                + "and while the first request with the key is still running a 409.")
            .Produces<AcceptedNotification>(StatusCodes.Status202Accepted).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithRequestHeader(IdempotencyKeyHeader, "Makes a retried send safe: the same key and body within 24 h answer the first response, and nothing is sent twice.", 255)
            .WithLocation(StatusCodes.Status202Accepted, "The notification: `/v1/notifications/{id}`.")
            .WithResponseHeader(StatusCodes.Status202Accepted, "Idempotent-Replayed", "`true` when this is the stored answer to an earlier request with the same `Idempotency-Key`.")
            .WithExample("""
                { "to": [{ "email": "ann@example.com", "name": "Ann" }], "template": "tickets-on-sale",
                  "data": { "film": "Dune: Part Three" }, "category": "transactional", "metadata": { "bookingId": "B-991" } }
                """, StatusCodes.Status202Accepted, """
                { "id": "ntf_0193a5e1f2a47c3b9d8e6f1a2b3c4d5e", "status": "accepted", "createdAt": "2026-12-01T09:00:00Z", "sendAt": null,
                  "deliveries": [{ "id": "dlv_0193a5e1f2a47c3b9d8e6f1a2b3c4d5f", "channel": "email", "to": "ann@example.com", "status": "queued" }] }
                """);
        group.MapGet("/", ListAsync).RequireAuthorization(ApiKeyScopes.Read)
            .Documented("listNotifications", "List notifications",
                "Scope `read`. Newest first, cursor-paged; filters: `status`, `recipient` (an address or recipient id), `since`, `until`, "
                + "and one `metadata.KEY=VALUE` (`?metadata.bookingId=B-991`).")
            .WithQueryParameter("status", "Only notifications in this status.", NotificationStatus.All)
            .WithQueryParameter("recipient", "Only notifications with a delivery to this address or recipient id.")
            .WithQueryParameter("since", "Only notifications created at or after this time (ISO 8601).", format: "date-time")
            .WithQueryParameter("until", "Only notifications created before this time (ISO 8601).", format: "date-time");
        group.MapGet("/{id}", GetAsync).RequireAuthorization(ApiKeyScopes.Read)
            .Documented("getNotification", "Get a notification and its status",
                "Scope `read`. The notification's status, its first 1,000 deliveries, `deliveryCounts` and, for topics, the fan-out's progress.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithExample(null, StatusCodes.Status200OK, """
                { "id": "ntf_0193a5e1f2a47c3b9d8e6f1a2b3c4d5e", "status": "completed", "category": "transactional", "template": "tickets-on-sale",
                  "createdAt": "2026-12-01T09:00:00Z", "sendAt": null, "metadata": { "bookingId": "B-991" },
                  "deliveries": [{ "id": "dlv_0193a5e1f2a47c3b9d8e6f1a2b3c4d5f", "channel": "email", "to": "ann@example.com", "status": "sent",
                                   "attempts": 1, "lastError": null, "sentAt": "2026-12-01T09:00:01Z", "providerMessageId": "0100018c-ses", "nextAttemptAt": null }],
                  "deliveryCounts": { "sent": 1 }, "fanout": null, "workflow": null }
                """);
        group.MapGet("/{id}/deliveries", DeliveriesAsync).RequireAuthorization(ApiKeyScopes.Read)
            .Documented("listNotificationDeliveries", "List a notification's deliveries", "Scope `read`. Every delivery of the notification, cursor-paged.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id}/cancel", CancelAsync).RequireAuthorization(ApiKeyScopes.Send)
            .Documented("cancelNotification", "Cancel a notification",
                "Scope `send`. Cancels the deliveries not yet sending and answers the notification; 409 when nothing is left to cancel.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
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
