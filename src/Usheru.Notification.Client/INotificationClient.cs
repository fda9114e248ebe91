namespace Usheru.Notification.Client;

/// <summary>
/// The Usheru Notification Service HTTP API v1, typed. Register it with
/// <see cref="Microsoft.Extensions.DependencyInjection.NotificationClientServiceCollectionExtensions.AddNotificationClient"/>
/// and inject it; mock it in your own tests.
/// </summary>
/// <remarks>
/// Every answer other than 2xx throws a <see cref="NotificationApiException"/>, except 404 on the
/// reads of one thing by id or key (<see cref="GetNotificationAsync"/>, <see cref="GetRecipientAsync"/>,
/// <see cref="GetTemplateAsync"/>, <see cref="GetWorkflowAsync"/>, <see cref="GetWebhookEndpointAsync"/>), which return <see langword="null"/>.
/// <c>List…Async</c> methods follow <c>nextCursor</c> and yield every item; <c>Get…PageAsync</c>
/// methods return one page for callers that hold the cursor themselves.
/// </remarks>
public interface INotificationClient
{
    /// <summary>
    /// <c>POST /v1/notifications</c>: accepts a notification and returns once the service has stored
    /// it durably. Always sends an <c>Idempotency-Key</c>, so a retried request never sends twice.
    /// </summary>
    /// <param name="notification">What to send to whom; build it with <see cref="SendNotification.ToRecipient"/> and friends.</param>
    /// <param name="idempotencyKey">
    /// 1 to 255 characters naming this send, such as <c>booking-B-991-confirmed</c>; the same key and
    /// body again return the first answer and send nothing new. Null: a new key for this call.
    /// </param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<AcceptedNotification> SendAsync(SendNotification notification, string? idempotencyKey = null, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v1/notifications/{id}</c>: the notification with its deliveries, or null when there is none.</summary>
    /// <param name="id">The notification id, <c>ntf_…</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<NotificationDetails?> GetNotificationAsync(string id, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v1/notifications</c>, every page: notifications newest first, without their deliveries.</summary>
    /// <param name="status">Only notifications in this status (see <see cref="NotificationStatus"/>); null: all.</param>
    /// <param name="pageSize">Items per request (1 to 100); null: the service's default.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    IAsyncEnumerable<NotificationDetails> ListNotificationsAsync(string? status = null, int? pageSize = null, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v1/notifications</c>, one page: notifications newest first, without their deliveries.</summary>
    /// <param name="status">Only notifications in this status (see <see cref="NotificationStatus"/>); null: all.</param>
    /// <param name="limit">Items on the page (1 to 100); null: the service's default.</param>
    /// <param name="cursor">The <see cref="Page{T}.NextCursor"/> of the page before; null: the first page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<Page<NotificationDetails>> GetNotificationsPageAsync(string? status = null, int? limit = null, string? cursor = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>POST /v1/notifications/{id}/cancel</c>: cancels the deliveries not yet sending. Throws a
    /// <see cref="NotificationApiException"/> with status 409 when nothing can be cancelled any more.
    /// </summary>
    /// <param name="id">The notification id, <c>ntf_…</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<NotificationDetails> CancelNotificationAsync(string id, CancellationToken cancellationToken = default);

    /// <summary><c>PUT /v1/recipients/{id}</c>: creates the recipient or replaces their details (not their preferences).</summary>
    /// <param name="id">Your own id for the person, such as <c>user-123</c>.</param>
    /// <param name="details">Where to reach them and what templates may say about them.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<Recipient> UpsertRecipientAsync(string id, RecipientDetails details, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v1/recipients/{id}</c>: the recipient, or null when there is none.</summary>
    /// <param name="id">Your own id for the person.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<Recipient?> GetRecipientAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>DELETE /v1/recipients/{id}</c>: erases the person's data and cancels their pending
    /// deliveries (GDPR). Throws with status 404 when there is no such recipient.
    /// </summary>
    /// <param name="id">Your own id for the person.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task DeleteRecipientAsync(string id, CancellationToken cancellationToken = default);

    /// <summary><c>PUT /v1/recipients/{id}/preferences</c>: replaces the recipient's opt-outs; returns them as stored.</summary>
    /// <param name="recipientId">Your own id for the person.</param>
    /// <param name="preferences">Channels and categories allowed (true) or refused (false); anything unlisted is allowed.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<Preferences> SetPreferencesAsync(string recipientId, Preferences preferences, CancellationToken cancellationToken = default);

    /// <summary><c>POST /v1/recipients/{id}/push-subscriptions</c>: adds a browser's Web Push subscription and returns its id.</summary>
    /// <param name="recipientId">Your own id for the person.</param>
    /// <param name="subscription">The subscription as the browser's <c>PushSubscription.toJSON()</c> gives it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<AddedPushSubscription> AddPushSubscriptionAsync(string recipientId, PushSubscription subscription, CancellationToken cancellationToken = default);

    /// <summary><c>PUT /v1/templates/{key}</c>: creates or replaces a stored, localized template.</summary>
    /// <param name="key">The template key, such as <c>booking-confirmed</c>.</param>
    /// <param name="definition">Its content per channel and per locale.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<StoredTemplate> PutTemplateAsync(string key, TemplateDefinition definition, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v1/templates/{key}</c>: the template, or null when there is none.</summary>
    /// <param name="key">The template key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<StoredTemplate?> GetTemplateAsync(string key, CancellationToken cancellationToken = default);

    /// <summary><c>POST /v1/templates/{key}/preview</c>: the template rendered per channel with the given data and locale.</summary>
    /// <param name="key">The template key.</param>
    /// <param name="preview">The data and locale to render with.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<TemplatePreview> PreviewTemplateAsync(string key, TemplatePreviewRequest preview, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>PUT /v1/workflows/{key}</c> (scope <c>manage</c>): stores the workflow, or replaces it as a new
    /// version; runs already started keep the version they started with. A definition the service
    /// refuses throws with status 400 and <see cref="NotificationApiException.Errors"/> keyed by the
    /// step's field (<c>steps[2].duration</c>), each message naming the step; nothing is stored then.
    /// </summary>
    /// <param name="key">The workflow key: 1 to 100 lowercase letters, digits, '.', '_' or '-', such as <c>showtime-reminder</c>.</param>
    /// <param name="definition">Its steps, built with <see cref="WorkflowStep"/>'s factories.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<StoredWorkflow> PutWorkflowAsync(string key, WorkflowDefinition definition, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v1/workflows/{key}</c>: the workflow's latest version, or null when there is none.</summary>
    /// <param name="key">The workflow key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<StoredWorkflow?> GetWorkflowAsync(string key, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v1/workflows</c>, every page: the stored workflows in key order.</summary>
    /// <param name="pageSize">Items per request (1 to 100); null: the service's default.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    IAsyncEnumerable<StoredWorkflow> ListWorkflowsAsync(int? pageSize = null, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v1/workflows</c>, one page: the stored workflows in key order.</summary>
    /// <param name="limit">Items on the page (1 to 100); null: the service's default.</param>
    /// <param name="cursor">The <see cref="Page{T}.NextCursor"/> of the page before; null: the first page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<Page<StoredWorkflow>> GetWorkflowsPageAsync(int? limit = null, string? cursor = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>POST /v1/workflows/{key}/cancel</c> (scope <c>send</c>): cancels the unfinished runs of the
    /// workflow triggered with <paramref name="cancellationKey"/> (see
    /// <see cref="SendNotification.WithCancellationKey"/>) and returns how many it cancelled: 0 when none
    /// was left. Throws with status 404 when there is no such workflow.
    /// </summary>
    /// <param name="workflowKey">The workflow key.</param>
    /// <param name="cancellationKey">The key the runs were triggered with, such as <c>booking-B-991</c>.</param>
    /// <param name="recipientIds">
    /// Only these recipients' runs, in requests of up to 1,000 ids, one after the other; an empty list
    /// cancels nothing and sends nothing. Null: every recipient's.
    /// </param>
    /// <param name="cancellationToken">Cancels the call; batches already sent stay cancelled.</param>
    Task<int> CancelWorkflowRunsAsync(string workflowKey, string cancellationKey, IEnumerable<string>? recipientIds = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>GET /v1/notifications/{id}/runs</c>, every page: the runs a workflow trigger started, oldest
    /// first, each with its status, current step and <see cref="RunDetails.ResumeAt"/>. Throws with
    /// status 404 when there is no such notification; a notification that is not a trigger has none.
    /// </summary>
    /// <param name="notificationId">The trigger's notification id, <c>ntf_…</c>.</param>
    /// <param name="pageSize">Items per request (1 to 100); null: the service's default.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    IAsyncEnumerable<RunDetails> ListRunsAsync(string notificationId, int? pageSize = null, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v1/notifications/{id}/runs</c>, one page: the runs a workflow trigger started, oldest first.</summary>
    /// <param name="notificationId">The trigger's notification id, <c>ntf_…</c>.</param>
    /// <param name="limit">Items on the page (1 to 100); null: the service's default.</param>
    /// <param name="cursor">The <see cref="Page{T}.NextCursor"/> of the page before; null: the first page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<Page<RunDetails>> GetRunsPageAsync(string notificationId, int? limit = null, string? cursor = null, CancellationToken cancellationToken = default);

    /// <summary><c>PUT /v1/topics/{key}</c>: creates the topic, or leaves it as it is when it exists.</summary>
    /// <param name="key">The topic key, such as <c>film:dune-part-three:tickets</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task PutTopicAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>POST /v1/topics/{key}/subscribers</c>: subscribes recipients to the topic, in requests of
    /// up to 1,000 ids, one after the other, so any number fits under the service's body limit.
    /// </summary>
    /// <param name="topicKey">The topic key.</param>
    /// <param name="recipientIds">The recipients to subscribe.</param>
    /// <param name="cancellationToken">Cancels the call; batches already sent stay subscribed.</param>
    Task AddSubscribersAsync(string topicKey, IEnumerable<string> recipientIds, CancellationToken cancellationToken = default);

    /// <summary><c>DELETE /v1/topics/{key}/subscribers/{recipientId}</c>: unsubscribes one recipient.</summary>
    /// <param name="topicKey">The topic key.</param>
    /// <param name="recipientId">The recipient to unsubscribe.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task RemoveSubscriberAsync(string topicKey, string recipientId, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v1/topics/{key}/subscribers</c>, every page.</summary>
    /// <param name="topicKey">The topic key.</param>
    /// <param name="pageSize">Items per request (1 to 100); null: the service's default.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    IAsyncEnumerable<TopicSubscriber> ListSubscribersAsync(string topicKey, int? pageSize = null, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v1/topics/{key}/subscribers</c>, one page.</summary>
    /// <param name="topicKey">The topic key.</param>
    /// <param name="limit">Items on the page (1 to 100); null: the service's default.</param>
    /// <param name="cursor">The <see cref="Page{T}.NextCursor"/> of the page before; null: the first page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<Page<TopicSubscriber>> GetSubscribersPageAsync(string topicKey, int? limit = null, string? cursor = null, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v1/recipients/{id}/inbox</c>, every page: the recipient's in-app inbox, newest first.</summary>
    /// <param name="recipientId">Your own id for the person.</param>
    /// <param name="unreadOnly">Only the items not yet marked read.</param>
    /// <param name="pageSize">Items per request (1 to 100); null: the service's default.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    IAsyncEnumerable<InboxItem> ListInboxAsync(string recipientId, bool unreadOnly = false, int? pageSize = null, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v1/recipients/{id}/inbox</c>, one page: the recipient's in-app inbox, newest first.</summary>
    /// <param name="recipientId">Your own id for the person.</param>
    /// <param name="unreadOnly">Only the items not yet marked read.</param>
    /// <param name="limit">Items on the page (1 to 100); null: the service's default.</param>
    /// <param name="cursor">The <see cref="Page{T}.NextCursor"/> of the page before; null: the first page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<Page<InboxItem>> GetInboxPageAsync(string recipientId, bool unreadOnly = false, int? limit = null, string? cursor = null, CancellationToken cancellationToken = default);

    /// <summary><c>POST /v1/recipients/{id}/inbox/{itemId}/read</c>: marks the item read (the first time stays).</summary>
    /// <param name="recipientId">Your own id for the person.</param>
    /// <param name="itemId">The inbox item id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<InboxItem> MarkInboxItemReadAsync(string recipientId, string itemId, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>GET /v1/recipients/{id}/inbox/stream</c> (Server-Sent Events): each new inbox item as it
    /// arrives, for as long as the caller enumerates. The enumeration ends when the service closes the
    /// stream; to resume without missing anything, call again with the last item's
    /// <see cref="InboxItem.Id"/> as <paramref name="lastEventId"/>.
    /// </summary>
    /// <param name="recipientId">Your own id for the person; an unknown one throws with status 404.</param>
    /// <param name="lastEventId">The id of the last item seen: the items after it come first. Null: only new items.</param>
    /// <param name="cancellationToken">Ends the stream.</param>
    IAsyncEnumerable<InboxItem> StreamInboxAsync(string recipientId, string? lastEventId = null, CancellationToken cancellationToken = default);

    /// <summary><c>POST /v1/webhook-endpoints</c>: registers a receiver; the answer is the only one that carries its secret.</summary>
    /// <param name="endpoint">Where to send and which events.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<CreatedWebhookEndpoint> CreateWebhookEndpointAsync(NewWebhookEndpoint endpoint, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v1/webhook-endpoints</c>, every page.</summary>
    /// <param name="pageSize">Items per request (1 to 100); null: the service's default.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    IAsyncEnumerable<WebhookEndpoint> ListWebhookEndpointsAsync(int? pageSize = null, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v1/webhook-endpoints</c>, one page.</summary>
    /// <param name="limit">Items on the page (1 to 100); null: the service's default.</param>
    /// <param name="cursor">The <see cref="Page{T}.NextCursor"/> of the page before; null: the first page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<Page<WebhookEndpoint>> GetWebhookEndpointsPageAsync(int? limit = null, string? cursor = null, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v1/webhook-endpoints/{id}</c>: the endpoint (without its secret), or null when there is none.</summary>
    /// <param name="id">The endpoint id, <c>whe_…</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<WebhookEndpoint?> GetWebhookEndpointAsync(string id, CancellationToken cancellationToken = default);

    /// <summary><c>DELETE /v1/webhook-endpoints/{id}</c>: removes the endpoint. Throws with status 404 when there is none.</summary>
    /// <param name="id">The endpoint id, <c>whe_…</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task DeleteWebhookEndpointAsync(string id, CancellationToken cancellationToken = default);

    /// <summary><c>POST /v1/api-keys</c> (scope <c>admin</c>): creates a key; the answer is the only one that carries its plaintext.</summary>
    /// <param name="key">Its name and scopes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<CreatedApiKey> CreateApiKeyAsync(NewApiKey key, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v1/api-keys</c> (scope <c>admin</c>), every page: the live keys, without their plaintext.</summary>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    IAsyncEnumerable<ApiKey> ListApiKeysAsync(CancellationToken cancellationToken = default);

    /// <summary><c>DELETE /v1/api-keys/{id}</c> (scope <c>admin</c>): revokes the key at once. Throws with status 404 when there is no such live key.</summary>
    /// <param name="id">The key id, <c>key_…</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task RevokeApiKeyAsync(string id, CancellationToken cancellationToken = default);
}
