using Microsoft.AspNetCore.Http.HttpResults;
using Usheru.Notification.Api.ApiKeys;
using Usheru.Notification.Api.Hosting;
using Usheru.Notification.Api.Hosting.OpenApi;
using Usheru.Notification.Api.Recipients;

namespace Usheru.Notification.Api.Topics;

internal static class TopicRoutes
{
    public static RouteGroupBuilder MapTopics(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/topics/{key}").WithTags("Topics");
        group.MapPut("/", PutAsync).RequireAuthorization(ApiKeyScopes.Manage)
            .Documented("putTopic", "Create or rename a topic", "Scope `manage`. 201 when created, 200 when it existed. The body is optional.")
            .WithLocation(StatusCodes.Status201Created, "The topic: `/v1/topics/{key}`.");
        group.MapPost("/subscribers", SubscribeAsync).RequireAuthorization(ApiKeyScopes.Manage).RequireWellFormed("key", Identifiers.TopicKey, "topic")
            .Documented("subscribeToTopic", "Subscribe recipients to a topic",
                "Scope `manage`. At most 1,000 recipient ids a call; an unknown id is a 400 and nothing is subscribed.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/subscribers/{recipientId}", UnsubscribeAsync).RequireAuthorization(ApiKeyScopes.Manage)
            .RequireWellFormed("key", Identifiers.TopicKey, "topic").RequireWellFormed("recipientId", Identifiers.RecipientId, "recipient")
            .Documented("unsubscribeFromTopic", "Unsubscribe a recipient from a topic", "Scope `manage`.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/subscribers", SubscribersAsync).RequireAuthorization(ApiKeyScopes.Read).RequireWellFormed("key", Identifiers.TopicKey, "topic")
            .Documented("listTopicSubscribers", "List a topic's subscribers", "Scope `read`. Cursor-paged.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Results<Created<Topic>, Ok<Topic>, ValidationProblem>> PutAsync(string key, PutTopicRequest? request, TopicStore store, CancellationToken ct)
    {
        if (!Identifiers.TopicKey.IsValid(key))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["key"] = [Identifiers.TopicKey.Message] });
        }
        var (topic, created) = await store.PutAsync(key, request?.Name, ct);
        return created ? TypedResults.Created($"/v1/topics/{key}", topic) : TypedResults.Ok(topic);
    }

    private static async Task<Results<Ok<SubscribeResult>, ValidationProblem, ProblemHttpResult>> SubscribeAsync(
        string key, SubscribeRequest request, TopicStore topics, RecipientStore recipients, CancellationToken ct)
    {
        if (request.RecipientIds is not { Count: > 0 and <= TopicStore.MaxSubscribersPerCall })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["recipientIds"] = [$"Give between 1 and {TopicStore.MaxSubscribersPerCall} recipient ids per call."],
            });
        }
        if (request.RecipientIds.ToList().FindIndex(id => !Identifiers.RecipientId.IsValid(id)) is var bad and >= 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [$"recipientIds[{bad}]"] = [Identifiers.RecipientId.Message] });
        }
        if (!await topics.ExistsAsync(key, ct))
        {
            return Problems.NotFound("topic", key);
        }
        var ids = request.RecipientIds.Distinct().ToList();
        var known = await recipients.GetManyAsync(ids, ct);
        if (ids.Where(id => !known.ContainsKey(id)).Take(10).ToList() is { Count: > 0 } unknown)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["recipientIds"] = [$"No recipient {string.Join(", ", unknown.Select(id => $"'{id}'"))}; nothing was subscribed."],
            });
        }
        return TypedResults.Ok(new SubscribeResult(await topics.SubscribeAsync(key, ids, ct)));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> UnsubscribeAsync(string key, string recipientId, TopicStore store, CancellationToken ct) =>
        await store.UnsubscribeAsync(key, recipientId, ct) ? TypedResults.NoContent() : Problems.NotFound("subscription of", $"{recipientId}' to '{key}");

    private static async Task<Results<Ok<Page<TopicSubscriber>>, ValidationProblem, ProblemHttpResult>> SubscribersAsync(
        string key, int? limit, string? cursor, TopicStore store, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var (take, after) = Paging.Read(limit, cursor, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        if (!await store.ExistsAsync(key, ct))
        {
            return Problems.NotFound("topic", key);
        }
        var (items, last) = await store.SubscribersAsync(key, after, take, ct);
        return TypedResults.Ok(new Page<TopicSubscriber>(items, Paging.Encode(last)));
    }

    internal sealed record PutTopicRequest(string? Name);

    internal sealed record SubscribeRequest(IReadOnlyList<string>? RecipientIds);

    internal sealed record SubscribeResult(int Added);
}
