namespace Usheru.Notification.Api.Channels.Webhook;

/// <summary>A webhook host resolved to private addresses only, and private networks are not allowed.</summary>
internal sealed class WebhookTargetRefusedException(string host)
    : Exception($"Webhook target {host} refused: it resolves to a private address.");
