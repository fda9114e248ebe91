using System.Text.Json.Nodes;

namespace Usheru.Notification.Client;

/// <summary>The payload of a webhook channel delivery; its strings are Liquid templates.</summary>
/// <param name="Payload">Any JSON.</param>
public sealed record WebhookContent(JsonNode? Payload);
