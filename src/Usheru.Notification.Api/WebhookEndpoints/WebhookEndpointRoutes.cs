using Microsoft.AspNetCore.Http.HttpResults;
using Usheru.Notification.Api.ApiKeys;
using Usheru.Notification.Api.Events;
using Usheru.Notification.Api.Hosting;
using Usheru.Notification.Api.Hosting.OpenApi;

namespace Usheru.Notification.Api.WebhookEndpoints;

internal static class WebhookEndpointRoutes
{
    public static RouteGroupBuilder MapWebhookEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/webhook-endpoints").WithTags("Webhook endpoints").RequireAuthorization(ApiKeyScopes.Manage)
            .RequireWellFormed("id", Identifiers.Issued(Storage.Ids.WebhookEndpoint), "webhook endpoint");
        group.MapPost("/", CreateAsync)
            .Documented("createWebhookEndpoint", "Register a webhook endpoint",
                "Scope `manage`. Answers the endpoint with its signing `secret` (Standard Webhooks), shown only here; `events` subscribes it to outgoing events.")
            .WithLocation(StatusCodes.Status201Created, "The endpoint: `/v1/webhook-endpoints/{id}`.");
        group.MapGet("/", ListAsync).Documented("listWebhookEndpoints", "List webhook endpoints", "Scope `manage`. Cursor-paged; secrets are not shown.");
        group.MapGet("/{id}", GetAsync).Documented("getWebhookEndpoint", "Get a webhook endpoint", "Scope `manage`. The secret is not shown.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id}", DeleteAsync).Documented("deleteWebhookEndpoint", "Delete a webhook endpoint", "Scope `manage`. Deliveries to it fail from now on.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Results<Created<CreatedWebhookEndpoint>, ValidationProblem>> CreateAsync(
        CreateWebhookEndpointRequest request, WebhookEndpointStore store, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Uri.TryCreate(request.Url, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http") || request.Url!.Length > 2000
            || Notifications.NotificationRequestValidator.HasControlCharacters(request.Url))
        {
            errors["url"] = ["Give an absolute http or https URL."];
        }
        if (request.Events?.FirstOrDefault(e => !OutgoingEvents.Types.Contains(e)) is { } unknown)
        {
            errors["events"] = [$"Unknown event '{unknown}'; use any of: {string.Join(", ", OutgoingEvents.Types)}."];
        }
        if (request.Description is { Length: > 500 })
        {
            errors["description"] = ["Keep the description under 500 characters."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var e = await store.CreateAsync(request.Url!, request.Description, [.. (request.Events ?? []).Distinct()], ct);
        return TypedResults.Created($"/v1/webhook-endpoints/{e.Id}", new CreatedWebhookEndpoint(e.Id, e.Url, e.Secret, e.Description, e.Events, e.CreatedAt));
    }

    private static async Task<Results<Ok<Page<WebhookEndpointView>>, ValidationProblem>> ListAsync(
        int? limit, string? cursor, WebhookEndpointStore store, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var (take, after) = Paging.Read(limit, cursor, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var (items, last) = await store.ListAsync(after, take, ct);
        return TypedResults.Ok(new Page<WebhookEndpointView>([.. items.Select(e => e.ToView())], Paging.Encode(last)));
    }

    private static async Task<Results<Ok<WebhookEndpointView>, ProblemHttpResult>> GetAsync(string id, WebhookEndpointStore store, CancellationToken ct) =>
        await store.GetAsync(id, ct) is { } endpoint ? TypedResults.Ok(endpoint.ToView()) : Problems.NotFound("webhook endpoint", id);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, WebhookEndpointStore store, CancellationToken ct) =>
        await store.DeleteAsync(id, ct) ? TypedResults.NoContent() : Problems.NotFound("webhook endpoint", id);

    internal sealed record CreateWebhookEndpointRequest(string? Url, string? Description, IReadOnlyList<string>? Events);
}
