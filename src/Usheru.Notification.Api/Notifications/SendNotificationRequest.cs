using System.Text.Json.Nodes;
using Usheru.Notification.Api.Templates;

namespace Usheru.Notification.Api.Notifications;

/// <summary>The body of <c>POST /v1/notifications</c>: content (a template or inline) for every recipient, or a workflow that runs once per recipient.</summary>
internal sealed record SendNotificationRequest(
    IReadOnlyList<Address>? To,
    string? Template,
    ChannelTemplates? Content,
    JsonObject? Data,
    IReadOnlyList<string>? Channels,
    string? Category,
    DateTimeOffset? SendAt,
    JsonObject? Metadata,
    string? Workflow = null,
    string? CancellationKey = null);

/// <summary>One entry of <c>to</c>: exactly one address kind, plus an optional display name for email.</summary>
internal sealed record Address(string? Email, string? Name, string? Webhook, string? Phone, string? RecipientId, string? Topic);
