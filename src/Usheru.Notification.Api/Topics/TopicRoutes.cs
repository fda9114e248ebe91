using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Usheru.Notification.Api.ApiKeys;
using Usheru.Notification.Api.Hosting;
using Usheru.Notification.Api.Recipients;

namespace Usheru.Notification.Api.Topics;

internal static partial class TopicRoutes
{
    public static RouteGroupBuilder MapTopics(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/topics/{key}").WithTags("Topics");
        group.MapPut("/", PutAsync).RequireAuthorization(ApiKeyScopes.Manage);
        group.MapPost("/subscribers", SubscribeAsync).RequireAuthorization(ApiKeyScopes.Manage);
        group.MapDelete("/subscribers/{recipientId}", UnsubscribeAsync).RequireAuthorization(ApiKeyScopes.Manage);
        group.MapGet("/subscribers", SubscribersAsync).RequireAuthorization(ApiKeyScopes.Read);
        return group;
    }

    /// <summary>Topic keys name what people follow: <c>film:dune-part-three:tickets</c>, <c>cinema:42:news</c>.</summary>
    public static bool IsTopicKey(string key) => TopicKey().IsMatch(key);

    private static async Task<Results<Created<Topic>, Ok<Topic>, ValidationProblem>> PutAsync(string key, PutTopicRequest? request, TopicStore store, CancellationToken ct)
    {
        if (!IsTopicKey(key))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["key"] = ["Use 1 to 200 letters, digits, '.', '_', ':' or '-'."] });
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

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,200}$")]
    private static partial Regex TopicKey();

    internal sealed record PutTopicRequest(string? Name);

    internal sealed record SubscribeRequest(IReadOnlyList<string>? RecipientIds);

    internal sealed record SubscribeResult(int Added);
}
