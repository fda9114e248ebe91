using System.Text.Json.Nodes;
using Usheru.Notification.Client.Http;

namespace Usheru.Notification.Client;

/// <summary>
/// The body of <c>POST /v1/notifications</c>. Start from <see cref="ToRecipient"/> (or another
/// <c>To…</c>) and add to it; each step returns a new record:
/// <code>SendNotification.ToRecipient("user-123").UsingTemplate("booking-confirmed").With(new { film = "Dune" })</code>
/// Or trigger a stored workflow, one run per recipient:
/// <code>SendNotification.ToRecipient("user-123").RunningWorkflow("showtime-reminder").WithCancellationKey("booking-B-991").With(new { showtime })</code>
/// </summary>
/// <param name="To">1 to 1,000 addresses.</param>
/// <param name="Template">A stored template's key; give this, <paramref name="Content"/> or a <see cref="Workflow"/>.</param>
/// <param name="Content">Inline content per channel; give this, <paramref name="Template"/> or a <see cref="Workflow"/>.</param>
/// <param name="Data">What the Liquid templates see, beside <c>recipient.*</c>.</param>
/// <param name="Channels">Only these channels (see <see cref="NotificationChannel"/>); null: every channel of the content. Not with a workflow, whose send steps name their channels.</param>
/// <param name="Category">See <see cref="NotificationCategory"/>; null: the template's or workflow's, or transactional.</param>
/// <param name="SendAt">Deliver at this time; null or past: now.</param>
/// <param name="Metadata">Your own JSON, kept with the notification and passed to webhooks.</param>
public sealed record SendNotification(
    IReadOnlyList<Address> To,
    string? Template = null,
    ChannelContent? Content = null,
    JsonObject? Data = null,
    IReadOnlyList<string>? Channels = null,
    string? Category = null,
    DateTimeOffset? SendAt = null,
    JsonObject? Metadata = null)
{
    /// <summary>
    /// A stored workflow's key, instead of <see cref="Template"/> or <see cref="Content"/>: each
    /// recipient gets one run of it, and <see cref="Data"/> is what its steps see as <c>data</c>.
    /// </summary>
    public string? Workflow { get; init; }

    /// <summary>
    /// With a <see cref="Workflow"/>: your own handle for the runs, such as <c>booking-B-991</c> (1 to
    /// 200 printable characters). A later trigger of the same workflow for the same recipient with the
    /// same key replaces that recipient's unfinished run, and
    /// <see cref="INotificationClient.CancelWorkflowRunsAsync"/> cancels by it.
    /// </summary>
    public string? CancellationKey { get; init; }

    /// <summary>A notification to a stored recipient, on every channel of the content they can be reached on.</summary>
    /// <param name="recipientId">Your own id for the person.</param>
    public static SendNotification ToRecipient(string recipientId) => new([Address.ForRecipient(recipientId)]);

    /// <summary>A notification to an email address.</summary>
    /// <param name="email">The email address.</param>
    /// <param name="name">The display name.</param>
    public static SendNotification ToEmail(string email, string? name = null) => new([Address.ForEmail(email, name)]);

    /// <summary>A notification to a phone number, by SMS.</summary>
    /// <param name="phone">An E.164 phone number.</param>
    public static SendNotification ToPhone(string phone) => new([Address.ForPhone(phone)]);

    /// <summary>A notification to a registered webhook endpoint.</summary>
    /// <param name="endpointId">The endpoint id, <c>whe_…</c>.</param>
    public static SendNotification ToWebhook(string endpointId) => new([Address.ForWebhook(endpointId)]);

    /// <summary>A notification to every subscriber of a topic.</summary>
    /// <param name="topicKey">The topic key.</param>
    public static SendNotification ToTopic(string topicKey) => new([Address.ForTopic(topicKey)]);

    /// <summary>The same, to one more address.</summary>
    /// <param name="address">The address to add.</param>
    public SendNotification AlsoTo(Address address) => this with { To = [.. To, address] };

    /// <summary>The same, with its content from a stored template.</summary>
    /// <param name="templateKey">The template key.</param>
    public SendNotification UsingTemplate(string templateKey) => this with { Template = templateKey };

    /// <summary>The same, as a trigger of a stored workflow: one run per recipient, instead of a template or content.</summary>
    /// <param name="workflowKey">The workflow key, such as <c>showtime-reminder</c>.</param>
    public SendNotification RunningWorkflow(string workflowKey) => this with { Workflow = workflowKey };

    /// <summary>
    /// The same workflow trigger, with a cancellation key: it replaces each recipient's unfinished run
    /// of the workflow triggered with the same key (a moved showtime), and
    /// <see cref="INotificationClient.CancelWorkflowRunsAsync"/> cancels by it (a cancelled booking).
    /// </summary>
    /// <param name="cancellationKey">Your own handle, such as <c>booking-B-991</c>.</param>
    public SendNotification WithCancellationKey(string cancellationKey) => this with { CancellationKey = cancellationKey };

    /// <summary>The same, with this data for the templates.</summary>
    /// <param name="data">An object that serializes to a JSON object: an anonymous object, a dictionary, a record, a <see cref="JsonObject"/>.</param>
    public SendNotification With(object data) => this with { Data = Json.ToObject(data, nameof(data)) };

    /// <summary>The same, with inline email content.</summary>
    /// <param name="subject">The subject line.</param>
    /// <param name="text">The plain-text body.</param>
    /// <param name="html">The HTML body.</param>
    public SendNotification WithEmail(string subject, string? text = null, string? html = null) =>
        this with { Content = (Content ?? new()) with { Email = new(subject, text, html) } };

    /// <summary>The same, with inline SMS content.</summary>
    /// <param name="text">The message text.</param>
    public SendNotification WithSms(string text) => this with { Content = (Content ?? new()) with { Sms = new(text) } };

    /// <summary>The same, with inline web push content.</summary>
    /// <param name="title">The title.</param>
    /// <param name="body">The body text.</param>
    /// <param name="url">Where opening it leads.</param>
    public SendNotification WithPush(string title, string? body = null, string? url = null) =>
        this with { Content = (Content ?? new()) with { Push = new(title, body, url) } };

    /// <summary>The same, with inline in-app inbox content.</summary>
    /// <param name="title">The title.</param>
    /// <param name="body">The body text.</param>
    /// <param name="url">Where opening it leads.</param>
    public SendNotification WithInbox(string title, string? body = null, string? url = null) =>
        this with { Content = (Content ?? new()) with { Inbox = new(title, body, url) } };

    /// <summary>The same, with an inline webhook payload.</summary>
    /// <param name="payload">An object that serializes to JSON.</param>
    public SendNotification WithWebhookPayload(object payload) =>
        this with { Content = (Content ?? new()) with { Webhook = new(Json.ToNode(payload)) } };

    /// <summary>The same, restricted to these channels.</summary>
    /// <param name="channels">See <see cref="NotificationChannel"/>.</param>
    public SendNotification OnlyOn(params IEnumerable<string> channels) => this with { Channels = [.. channels] };

    /// <summary>The same, as marketing: unsubscribes and category opt-outs apply.</summary>
    public SendNotification AsMarketing() => this with { Category = NotificationCategory.Marketing };

    /// <summary>The same, scheduled.</summary>
    /// <param name="sendAt">When to deliver; in the past: now.</param>
    public SendNotification At(DateTimeOffset sendAt) => this with { SendAt = sendAt };

    /// <summary>The same, with your own metadata.</summary>
    /// <param name="metadata">An object that serializes to a JSON object.</param>
    public SendNotification WithMetadata(object metadata) => this with { Metadata = Json.ToObject(metadata, nameof(metadata)) };
}
