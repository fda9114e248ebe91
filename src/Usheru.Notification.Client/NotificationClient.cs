using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Usheru.Notification.Client.Http;
using static Usheru.Notification.Client.Http.ApiPath;

namespace Usheru.Notification.Client;

/// <summary>
/// <see cref="INotificationClient"/> over HTTP. The <see cref="HttpClient"/> comes from
/// <c>AddNotificationClient</c> with the base address, the API key and the resilience handler.
/// </summary>
internal sealed class NotificationClient(HttpClient http) : INotificationClient
{
    /// <summary>Ids per subscribe or cancel request: the most the service takes, well under its 256 KiB body limit even at 128 characters each.</summary>
    private const int IdBatchSize = 1000;

    private const string InboxItemEvent = "inbox.item";

    private static readonly object EmptyBody = new();

    public Task<AcceptedNotification> SendAsync(SendNotification notification, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var request = ApiHttp.Request(HttpMethod.Post, "v1/notifications", notification);
        request.Headers.Add(SafeRetries.IdempotencyKeyHeader, idempotencyKey ?? Guid.NewGuid().ToString());
        return http.SendAsync<AcceptedNotification>(request, cancellationToken);
    }

    public Task<NotificationDetails?> GetNotificationAsync(string id, CancellationToken cancellationToken = default) =>
        http.FindAsync<NotificationDetails>(Of($"v1/notifications/{id}"), cancellationToken);

    public IAsyncEnumerable<NotificationDetails> ListNotificationsAsync(string? status = null, int? pageSize = null, CancellationToken cancellationToken = default) =>
        ApiHttp.AllPagesAsync((cursor, ct) => GetNotificationsPageAsync(status, pageSize, cursor, ct), cancellationToken);

    public Task<Page<NotificationDetails>> GetNotificationsPageAsync(string? status = null, int? limit = null, string? cursor = null, CancellationToken cancellationToken = default) =>
        http.GetAsync<Page<NotificationDetails>>(WithQuery("v1/notifications", ("status", status), ("limit", limit), ("cursor", cursor)), cancellationToken);

    public Task<NotificationDetails> CancelNotificationAsync(string id, CancellationToken cancellationToken = default) =>
        http.SendAsync<NotificationDetails>(HttpMethod.Post, Of($"v1/notifications/{id}/cancel"), null, cancellationToken);

    public Task<Recipient> UpsertRecipientAsync(string id, RecipientDetails details, CancellationToken cancellationToken = default) =>
        http.SendAsync<Recipient>(HttpMethod.Put, Of($"v1/recipients/{id}"), details, cancellationToken);

    public Task<Recipient?> GetRecipientAsync(string id, CancellationToken cancellationToken = default) =>
        http.FindAsync<Recipient>(Of($"v1/recipients/{id}"), cancellationToken);

    public Task DeleteRecipientAsync(string id, CancellationToken cancellationToken = default) =>
        http.SendAsync(HttpMethod.Delete, Of($"v1/recipients/{id}"), null, cancellationToken);

    public Task<Preferences> SetPreferencesAsync(string recipientId, Preferences preferences, CancellationToken cancellationToken = default) =>
        http.SendAsync<Preferences>(HttpMethod.Put, Of($"v1/recipients/{recipientId}/preferences"), preferences, cancellationToken);

    public Task<AddedPushSubscription> AddPushSubscriptionAsync(string recipientId, PushSubscription subscription, CancellationToken cancellationToken = default) =>
        http.SendAsync<AddedPushSubscription>(HttpMethod.Post, Of($"v1/recipients/{recipientId}/push-subscriptions"), subscription, cancellationToken);

    public Task<StoredTemplate> PutTemplateAsync(string key, TemplateDefinition definition, CancellationToken cancellationToken = default) =>
        http.SendAsync<StoredTemplate>(HttpMethod.Put, Of($"v1/templates/{key}"), definition, cancellationToken);

    public Task<StoredTemplate?> GetTemplateAsync(string key, CancellationToken cancellationToken = default) =>
        http.FindAsync<StoredTemplate>(Of($"v1/templates/{key}"), cancellationToken);

    public Task<TemplatePreview> PreviewTemplateAsync(string key, TemplatePreviewRequest preview, CancellationToken cancellationToken = default) =>
        http.SendAsync<TemplatePreview>(HttpMethod.Post, Of($"v1/templates/{key}/preview"), preview, cancellationToken);

    public Task<StoredWorkflow> PutWorkflowAsync(string key, WorkflowDefinition definition, CancellationToken cancellationToken = default) =>
        http.SendAsync<StoredWorkflow>(HttpMethod.Put, Of($"v1/workflows/{key}"), definition, cancellationToken);

    public Task<StoredWorkflow?> GetWorkflowAsync(string key, CancellationToken cancellationToken = default) =>
        http.FindAsync<StoredWorkflow>(Of($"v1/workflows/{key}"), cancellationToken);

    public IAsyncEnumerable<StoredWorkflow> ListWorkflowsAsync(int? pageSize = null, CancellationToken cancellationToken = default) =>
        ApiHttp.AllPagesAsync((cursor, ct) => GetWorkflowsPageAsync(pageSize, cursor, ct), cancellationToken);

    public Task<Page<StoredWorkflow>> GetWorkflowsPageAsync(int? limit = null, string? cursor = null, CancellationToken cancellationToken = default) =>
        http.GetAsync<Page<StoredWorkflow>>(WithQuery("v1/workflows", ("limit", limit), ("cursor", cursor)), cancellationToken);

    public async Task<int> CancelWorkflowRunsAsync(string workflowKey, string cancellationKey, IEnumerable<string>? recipientIds = null,
        CancellationToken cancellationToken = default)
    {
        var path = Of($"v1/workflows/{workflowKey}/cancel");
        if (recipientIds is null)
        {
            return (await http.SendAsync<CancelledRuns>(HttpMethod.Post, path, new { cancellationKey }, cancellationToken).ConfigureAwait(false)).Cancelled;
        }
        var cancelled = 0;
        foreach (var batch in recipientIds.Chunk(IdBatchSize))
        {
            cancelled += (await http.SendAsync<CancelledRuns>(HttpMethod.Post, path, new { cancellationKey, recipientIds = batch }, cancellationToken)
                .ConfigureAwait(false)).Cancelled;
        }
        return cancelled;
    }

    public IAsyncEnumerable<RunDetails> ListRunsAsync(string notificationId, int? pageSize = null, CancellationToken cancellationToken = default) =>
        ApiHttp.AllPagesAsync((cursor, ct) => GetRunsPageAsync(notificationId, pageSize, cursor, ct), cancellationToken);

    public Task<Page<RunDetails>> GetRunsPageAsync(string notificationId, int? limit = null, string? cursor = null, CancellationToken cancellationToken = default) =>
        http.GetAsync<Page<RunDetails>>(WithQuery(Of($"v1/notifications/{notificationId}/runs"), ("limit", limit), ("cursor", cursor)), cancellationToken);

    public Task PutTopicAsync(string key, CancellationToken cancellationToken = default) =>
        http.SendAsync(HttpMethod.Put, Of($"v1/topics/{key}"), EmptyBody, cancellationToken);

    public async Task AddSubscribersAsync(string topicKey, IEnumerable<string> recipientIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recipientIds);
        foreach (var batch in recipientIds.Chunk(IdBatchSize))
        {
            await http.SendAsync(HttpMethod.Post, Of($"v1/topics/{topicKey}/subscribers"), new { recipientIds = batch }, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task RemoveSubscriberAsync(string topicKey, string recipientId, CancellationToken cancellationToken = default) =>
        http.SendAsync(HttpMethod.Delete, Of($"v1/topics/{topicKey}/subscribers/{recipientId}"), null, cancellationToken);

    public IAsyncEnumerable<TopicSubscriber> ListSubscribersAsync(string topicKey, int? pageSize = null, CancellationToken cancellationToken = default) =>
        ApiHttp.AllPagesAsync((cursor, ct) => GetSubscribersPageAsync(topicKey, pageSize, cursor, ct), cancellationToken);

    public Task<Page<TopicSubscriber>> GetSubscribersPageAsync(string topicKey, int? limit = null, string? cursor = null, CancellationToken cancellationToken = default) =>
        http.GetAsync<Page<TopicSubscriber>>(WithQuery(Of($"v1/topics/{topicKey}/subscribers"), ("limit", limit), ("cursor", cursor)), cancellationToken);

    public IAsyncEnumerable<InboxItem> ListInboxAsync(string recipientId, bool unreadOnly = false, int? pageSize = null, CancellationToken cancellationToken = default) =>
        ApiHttp.AllPagesAsync((cursor, ct) => GetInboxPageAsync(recipientId, unreadOnly, pageSize, cursor, ct), cancellationToken);

    public Task<Page<InboxItem>> GetInboxPageAsync(string recipientId, bool unreadOnly = false, int? limit = null, string? cursor = null, CancellationToken cancellationToken = default) =>
        http.GetAsync<Page<InboxItem>>(
            WithQuery(Of($"v1/recipients/{recipientId}/inbox"), ("unread", unreadOnly ? "true" : null), ("limit", limit), ("cursor", cursor)), cancellationToken);

    public Task<InboxItem> MarkInboxItemReadAsync(string recipientId, string itemId, CancellationToken cancellationToken = default) =>
        http.SendAsync<InboxItem>(HttpMethod.Post, Of($"v1/recipients/{recipientId}/inbox/{itemId}/read"), null, cancellationToken);

    public async IAsyncEnumerable<InboxItem> StreamInboxAsync(string recipientId, string? lastEventId = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Of($"v1/recipients/{recipientId}/inbox/stream"));
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await ApiHttp.EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            // The stream also carries "ready" when it is listening and "ping" to keep proxies from closing it idle.
            var events = SseParser.Create(body, (type, data) => type == InboxItemEvent ? JsonSerializer.Deserialize<InboxItem>(data, Json.Options) : null);
            await foreach (var sse in events.EnumerateAsync(cancellationToken).ConfigureAwait(false))
            {
                if (sse.Data is { } item)
                {
                    yield return item;
                }
            }
        }
    }

    public Task<CreatedWebhookEndpoint> CreateWebhookEndpointAsync(NewWebhookEndpoint endpoint, CancellationToken cancellationToken = default) =>
        http.SendAsync<CreatedWebhookEndpoint>(HttpMethod.Post, "v1/webhook-endpoints", endpoint, cancellationToken);

    public IAsyncEnumerable<WebhookEndpoint> ListWebhookEndpointsAsync(int? pageSize = null, CancellationToken cancellationToken = default) =>
        ApiHttp.AllPagesAsync((cursor, ct) => GetWebhookEndpointsPageAsync(pageSize, cursor, ct), cancellationToken);

    public Task<Page<WebhookEndpoint>> GetWebhookEndpointsPageAsync(int? limit = null, string? cursor = null, CancellationToken cancellationToken = default) =>
        http.GetAsync<Page<WebhookEndpoint>>(WithQuery("v1/webhook-endpoints", ("limit", limit), ("cursor", cursor)), cancellationToken);

    public Task<WebhookEndpoint?> GetWebhookEndpointAsync(string id, CancellationToken cancellationToken = default) =>
        http.FindAsync<WebhookEndpoint>(Of($"v1/webhook-endpoints/{id}"), cancellationToken);

    public Task DeleteWebhookEndpointAsync(string id, CancellationToken cancellationToken = default) =>
        http.SendAsync(HttpMethod.Delete, Of($"v1/webhook-endpoints/{id}"), null, cancellationToken);

    public Task<CreatedApiKey> CreateApiKeyAsync(NewApiKey key, CancellationToken cancellationToken = default) =>
        http.SendAsync<CreatedApiKey>(HttpMethod.Post, "v1/api-keys", key, cancellationToken);

    public IAsyncEnumerable<ApiKey> ListApiKeysAsync(CancellationToken cancellationToken = default) =>
        ApiHttp.AllPagesAsync((cursor, ct) => http.GetAsync<Page<ApiKey>>(WithQuery("v1/api-keys", ("cursor", cursor)), ct), cancellationToken);

    public Task RevokeApiKeyAsync(string id, CancellationToken cancellationToken = default) =>
        http.SendAsync(HttpMethod.Delete, Of($"v1/api-keys/{id}"), null, cancellationToken);

    /// <summary>The answer to <c>POST /v1/workflows/{key}/cancel</c>.</summary>
    private sealed record CancelledRuns(int Cancelled);
}
