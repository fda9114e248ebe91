using System.Text.Json.Nodes;

namespace Usheru.Notification.Api.Channels.Webhook;

/// <summary>The caller's payload for a webhook channel delivery, as stored with its delivery.</summary>
internal sealed record WebhookContent(JsonNode? Payload);
