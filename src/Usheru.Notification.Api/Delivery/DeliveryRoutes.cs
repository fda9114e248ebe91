using Microsoft.AspNetCore.Http.HttpResults;
using Usheru.Notification.Api.ApiKeys;
using Usheru.Notification.Api.Hosting;
using Usheru.Notification.Api.Hosting.OpenApi;

namespace Usheru.Notification.Api.Delivery;

/// <summary>What an operator needs across notifications: find deliveries, replay failed ones, see the numbers.</summary>
internal static class DeliveryRoutes
{
    public static IHostApplicationBuilder AddDeliveries(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DeliveryLog>();
        builder.Services.AddSingleton<DeliveryRetries>();
        return builder;
    }

    public static RouteGroupBuilder MapDeliveries(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1").WithTags("Deliveries");
        group.MapGet("/deliveries", ListAsync).RequireAuthorization(ApiKeyScopes.Read)
            .Documented("listDeliveries", "List deliveries",
                "Scope `read`. Across notifications, newest first, cursor-paged; filters `status`, `channel`, `to`, `lastError`, `since`, `until`. Outgoing events only with `channel=event`.");
        group.MapGet("/deliveries/{id}", GetAsync).RequireAuthorization(ApiKeyScopes.Read).RequireWellFormed("id", Identifiers.Issued(Storage.Ids.Delivery), "delivery")
            .Documented("getDelivery", "Get a delivery", "Scope `read`. One delivery, as the list shows it.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/deliveries/{id}/retry", RetryAsync).RequireAuthorization(ApiKeyScopes.Send)
            .RequireWellFormed("id", Identifiers.Issued(Storage.Ids.Delivery), "delivery")
            .Documented("retryDelivery", "Retry a failed delivery", "Scope `send`. Queues a `failed` delivery again; any other status is a 409.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/deliveries/retry", RetryAllAsync).RequireAuthorization(ApiKeyScopes.Admin)
            .Documented("retryDeliveries", "Retry failed deliveries in bulk",
                "Scope `admin`. Queues again every failed delivery the filters select (`channel`, `to`, `lastError`, `since`, `until`); the replay is recorded.")
            .WithLocation(StatusCodes.Status202Accepted, "The replay's progress: `/v1/deliveries/retries/{id}`.");
        group.MapGet("/deliveries/retries/{id}", ProgressAsync).RequireAuthorization(ApiKeyScopes.Read)
            .RequireWellFormed("id", Identifiers.Issued(Storage.Ids.Retry), "retry")
            .Documented("getDeliveryRetry", "Get a bulk retry's progress", "Scope `read`. How many deliveries it retried and their statuses now.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/stats", StatsAsync).RequireAuthorization(ApiKeyScopes.Read)
            .Documented("getStats", "Get delivery statistics",
                "Scope `read`. Deliveries created in the window (default: the last 24 hours) by channel and status now, and the queue's depth.");
        return group;
    }

    private static async Task<Results<Ok<Page<DeliverySummary>>, ValidationProblem>> ListAsync(
        string? status, string? channel, string? to, string? since, string? until, string? lastError, int? limit, string? cursor,
        DeliveryLog log, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var filter = DeliveryFilter.Read(status, channel, to, since, until, lastError, errors);
        var (take, after) = Paging.Read(limit, cursor, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var (items, last) = await log.ListAsync(filter, after, take, ct);
        return TypedResults.Ok(new Page<DeliverySummary>(items, Paging.Encode(last)));
    }

    private static async Task<Results<Ok<DeliverySummary>, ProblemHttpResult>> GetAsync(string id, DeliveryLog log, CancellationToken ct) =>
        await log.GetAsync(id, ct) is { } detail ? TypedResults.Ok(detail.Delivery) : Problems.NotFound("delivery", id);

    private static async Task<Results<Ok<DeliverySummary>, ProblemHttpResult>> RetryAsync(string id, DeliveryRetries retries, CancellationToken ct) =>
        await retries.RetryAsync(id, ct) switch
        {
            DeliveryRetries.Outcome.Retried retried => TypedResults.Ok(retried.Delivery),
            DeliveryRetries.Outcome.NotFailed notFailed => Problems.Conflict($"Only a failed delivery can be retried; this one is {notFailed.Status}."),
            _ => Problems.NotFound("delivery", id),
        };

    private static async Task<Results<Accepted<RetryAccepted>, ValidationProblem>> RetryAllAsync(
        RetryAllRequest request, DeliveryRetries retries, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Status is { } status && status != DeliveryStatus.Failed)
        {
            errors["status"] = ["Only failed deliveries can be retried: use 'failed' or leave it out."];
        }
        var filter = DeliveryFilter.Read(null, request.Channel, request.To, request.Since, request.Until, request.LastError, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var (id, retried) = await retries.RetryAllAsync(filter, ct);
        return TypedResults.Accepted($"/v1/deliveries/retries/{id}", new RetryAccepted(retried, id));
    }

    private static async Task<Results<Ok<RetryProgress>, ProblemHttpResult>> ProgressAsync(string id, DeliveryRetries retries, CancellationToken ct) =>
        await retries.ProgressAsync(id, ct) is { } progress ? TypedResults.Ok(progress) : Problems.NotFound("retry", id);

    private static async Task<Results<Ok<DeliveryStats>, ValidationProblem>> StatsAsync(
        string? since, string? until, DeliveryLog log, DeliveryQueue queue, TimeProvider time, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var window = DeliveryFilter.Read(null, null, null, since, until, null, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var to = window.Until ?? time.GetUtcNow();
        var from = window.Since ?? to.AddDays(-1);
        return TypedResults.Ok(DeliveryStats.From(from, to, await log.CountAsync(from, to, ct), await queue.CountByStatusAsync(ct)));
    }

    /// <summary>The body of <c>POST /v1/deliveries/retry</c>; <c>to</c> and <c>lastError</c> narrow it further.</summary>
    internal sealed record RetryAllRequest(string? Status, string? Channel, string? To, string? Since, string? Until, string? LastError);

    /// <summary>202: how many deliveries were queued again, and the replay whose progress <c>Location</c> shows.</summary>
    internal sealed record RetryAccepted(long Retried, string Id);
}
