using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http.HttpResults;
using Usheru.Notification.Api.Hosting;
using Usheru.Notification.Api.Hosting.OpenApi;
using Usheru.Notification.Api.Recipients;

namespace Usheru.Notification.Api.Channels.Inbox;

internal static class InboxRoutes
{
    /// <summary>Idle streams get a <c>ping</c> event this often, so proxies and load balancers keep them open.</summary>
    private static readonly TimeSpan Ping = TimeSpan.FromSeconds(20);

    public static RouteGroupBuilder MapInbox(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/recipients/{id}/inbox").WithTags("Inbox")
            .RequireAuthorization(RecipientAccess.ReadPolicy).RequireCors(RecipientAccess.BrowserCors)
            .RequireWellFormed("id", Identifiers.RecipientId, "recipient").RequireWellFormed("itemId", Identifiers.Issued(Storage.Ids.InboxItem), "inbox item");
        group.AcceptsRecipientTokenInQuery();
        group.MapGet("/", ListAsync)
            .Documented("listInbox", "List a recipient's inbox", "Scope `read`, or this recipient's token. Newest first, cursor-paged; `unread=true` for unread items only.")
            // A malformed recipient id (RequireWellFormed) is a 404; a well-formed unknown one an empty page.
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{itemId}/read", MarkReadAsync)
            .Documented("markInboxItemRead", "Mark an inbox item read", "Scope `read`, or this recipient's token. Answers the item.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/stream", StreamAsync)
            .Documented("streamInbox", "Stream a recipient's inbox",
                "Scope `read`, or this recipient's token. Server-sent events: `ready` first, then `inbox.item` events (the item id as event id) and `ping` every 20 s; `Last-Event-ID` replays what was missed.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Results<Ok<Page<InboxItem>>, ValidationProblem>> ListAsync(
        string id, bool? unread, int? limit, string? cursor, InboxStore store, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var (take, after) = Paging.Read(limit, cursor, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var (items, last) = await store.ListAsync(id, unread == true, after, take, ct);
        return TypedResults.Ok(new Page<InboxItem>(items, Paging.Encode(last)));
    }

    private static async Task<Results<Ok<InboxItem>, ProblemHttpResult>> MarkReadAsync(string id, string itemId, InboxStore store, CancellationToken ct) =>
        await store.MarkReadAsync(id, itemId, ct) is { } item ? TypedResults.Ok(item) : Problems.NotFound("inbox item", itemId);

    /// <summary>
    /// Server-Sent Events: each new item as an <c>inbox.item</c> event whose id is the item id. A
    /// client reconnecting with <c>Last-Event-ID</c> first gets what it missed.
    /// </summary>
    private static async Task<Results<ServerSentEventsResult<InboxItem?>, ProblemHttpResult>> StreamAsync(
        string id, HttpContext http, RecipientStore recipients, InboxStore store, InboxBroadcaster broadcaster, CancellationToken ct)
    {
        if (await recipients.GetAsync(id, ct) is null)
        {
            return Problems.NotFound("recipient", id);
        }
        var lastEventId = http.Request.Headers["Last-Event-ID"].ToString();
        return TypedResults.ServerSentEvents(Events(id, lastEventId, store, broadcaster, ct));
    }

    private static async IAsyncEnumerable<SseItem<InboxItem?>> Events(string recipientId, string lastEventId, InboxStore store,
        InboxBroadcaster broadcaster, [EnumeratorCancellation] CancellationToken ct)
    {
        // Subscribe before catching up, so nothing falls between the two.
        using var subscription = broadcaster.Subscribe(recipientId);
        yield return new SseItem<InboxItem?>(null, "ready");
        if (lastEventId.Length > 0)
        {
            foreach (var missed in await store.NewerThanAsync(recipientId, lastEventId, ct))
            {
                yield return new SseItem<InboxItem?>(missed, "inbox.item") { EventId = missed.Id };
            }
        }
        while (!ct.IsCancellationRequested)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            wait.CancelAfter(Ping);
            string? itemId = null;
            try
            {
                itemId = await subscription.Items.ReadAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
            }
            if (itemId is null)
            {
                yield return new SseItem<InboxItem?>(null, "ping");
            }
            else if (await store.GetAsync(recipientId, itemId, ct) is { } item)
            {
                yield return new SseItem<InboxItem?>(item, "inbox.item") { EventId = item.Id };
            }
        }
    }
}
