using Microsoft.AspNetCore.Http.HttpResults;
using Usheru.Notification.Api.ApiKeys;
using Usheru.Notification.Api.Channels.WebPush;
using Usheru.Notification.Api.Hosting;
using Usheru.Notification.Api.Hosting.OpenApi;
using Usheru.Notification.Api.Notifications;
using Usheru.Notification.Api.Templates;

namespace Usheru.Notification.Api.Recipients;

internal static class RecipientRoutes
{
    public static RouteGroupBuilder MapRecipients(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/recipients").WithTags("Recipients");
        group.MapPut("/{id}", PutAsync).RequireAuthorization(ApiKeyScopes.Manage)
            .Documented("putRecipient", "Create or replace a recipient",
                "Scope `manage`. The id is yours (`user-123`). 201 when created, 200 when replaced; an existing recipient keeps its preferences.")
            .WithLocation(StatusCodes.Status201Created, "The recipient: `/v1/recipients/{id}`.")
            .WithExample("""
                { "email": "ann@example.com", "phone": "+353871234567", "name": "Ann", "locale": "en-IE", "timezone": "Europe/Dublin", "data": { "tier": "gold" } }
                """, StatusCodes.Status201Created, null);
        group.MapGet("/{id}", GetAsync).RequireAuthorization(ApiKeyScopes.Read).RequireWellFormed("id", Identifiers.RecipientId, "recipient")
            .Documented("getRecipient", "Get a recipient", "Scope `read`.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id}", DeleteAsync).RequireAuthorization(ApiKeyScopes.Manage).RequireWellFormed("id", Identifiers.RecipientId, "recipient")
            .Documented("eraseRecipient", "Erase a recipient",
                "Scope `manage`. Erases the recipient (GDPR): cancels their workflow runs and removes what digests and throttles kept of them.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/bulk", RecipientBulkRoutes.UpsertAsync).RequireAuthorization(ApiKeyScopes.Manage)
            .Documented("upsertRecipients", "Create or update recipients in bulk",
                "Scope `manage`. All or nothing: a bad entry is a 400 whose `errors` keys name it (`recipients[3].email`) and nothing is written.");
        group.MapPost("/{id}/tokens", RecipientBulkRoutes.IssueTokenAsync).RequireAuthorization(ApiKeyScopes.Manage)
            .RequireWellFormed("id", Identifiers.RecipientId, "recipient")
            .Documented("issueRecipientToken", "Issue a recipient token",
                "Scope `manage`. A token (`rt_…`) a browser uses for this recipient's inbox and preferences only; `expiresInSeconds` 60 s to 30 days, default 24 h.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id}/preferences", GetPreferencesAsync).RequireAuthorization(RecipientAccess.ReadPolicy).RequireCors(RecipientAccess.BrowserCors)
            .RequireWellFormed("id", Identifiers.RecipientId, "recipient")
            .Documented("getRecipientPreferences", "Get a recipient's preferences", "Scope `read`, or this recipient's token.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{id}/preferences", PutPreferencesAsync).RequireAuthorization(RecipientAccess.ManagePolicy).RequireCors(RecipientAccess.BrowserCors)
            .RequireWellFormed("id", Identifiers.RecipientId, "recipient")
            .Documented("putRecipientPreferences", "Set a recipient's preferences",
                "Scope `manage`, or this recipient's token. Which channels and categories the recipient receives; transactional notifications ignore category opt-outs.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id}/push-subscriptions", AddPushSubscriptionAsync).RequireAuthorization(ApiKeyScopes.Manage)
            .RequireWellFormed("id", Identifiers.RecipientId, "recipient")
            .Documented("addPushSubscription", "Add a browser push subscription",
                "Scope `manage`. Stores a browser's `PushSubscription`; the answer's `id` is the `to` of web push deliveries to that browser.")
            .WithLocation(StatusCodes.Status201Created, "The subscription: `/v1/recipients/{id}/push-subscriptions/{subscriptionId}`.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Results<Created<Recipient>, Ok<Recipient>, ValidationProblem>> PutAsync(
        string id, RecipientDetails details, RecipientStore store, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        RecipientDetailsRules.Validate(id, details, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var (recipient, created) = await store.UpsertAsync(id, details, ct);
        return created ? TypedResults.Created($"/v1/recipients/{id}", recipient) : TypedResults.Ok(recipient);
    }

    private static async Task<Results<Ok<Recipient>, ProblemHttpResult>> GetAsync(string id, RecipientStore store, CancellationToken ct) =>
        await store.GetAsync(id, ct) is { } recipient ? TypedResults.Ok(recipient) : Problems.NotFound("recipient", id);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, RecipientStore store, CancellationToken ct) =>
        await store.EraseAsync(id, ct) ? TypedResults.NoContent() : Problems.NotFound("recipient", id);

    private static async Task<Results<Ok<Preferences>, ProblemHttpResult>> GetPreferencesAsync(string id, RecipientStore store, CancellationToken ct) =>
        await store.GetAsync(id, ct) is { } recipient ? TypedResults.Ok(recipient.Preferences) : Problems.NotFound("recipient", id);

    private static async Task<Results<Ok<Preferences>, ValidationProblem, ProblemHttpResult>> PutPreferencesAsync(
        string id, PreferencesRequest request, RecipientStore store, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Channels?.Keys.FirstOrDefault(c => !ChannelTemplates.Channels.Contains(c)) is { } channel)
        {
            errors["channels"] = [$"Unknown channel '{channel}'; use any of: {string.Join(", ", ChannelTemplates.Channels)}."];
        }
        if (request.Categories?.Keys.FirstOrDefault(c => !NotificationRequestValidator.Categories.Contains(c)) is { } category)
        {
            errors["categories"] = [$"Unknown category '{category}'; use any of: {string.Join(", ", NotificationRequestValidator.Categories)}."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var preferences = new Preferences(request.Channels ?? [], request.Categories ?? []);
        return await store.SetPreferencesAsync(id, preferences, ct) is { } recipient
            ? TypedResults.Ok(recipient.Preferences)
            : Problems.NotFound("recipient", id);
    }

    private static async Task<Results<Created<AddedPushSubscription>, ValidationProblem, ProblemHttpResult>> AddPushSubscriptionAsync(
        string id, PushSubscriptionRequest request, PushSubscriptionStore store, CancellationToken ct)
    {
        var errors = PushSubscriptionStore.Validate(request.Endpoint, request.Keys?.P256dh, request.Keys?.Auth);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return await store.AddAsync(id, request.Endpoint!, request.Keys!.P256dh!, request.Keys.Auth!, ct) is { } subscriptionId
            ? TypedResults.Created($"/v1/recipients/{id}/push-subscriptions/{subscriptionId}", new AddedPushSubscription(subscriptionId, request.Endpoint!))
            : Problems.NotFound("recipient", id);
    }

    internal sealed record PushSubscriptionRequest(string? Endpoint, PushSubscriptionKeys? Keys);

    internal sealed record PushSubscriptionKeys(string? P256dh, string? Auth);

    internal sealed record AddedPushSubscription(string Id, string Endpoint);

    internal sealed record PreferencesRequest(Dictionary<string, bool>? Channels, Dictionary<string, bool>? Categories);
}
