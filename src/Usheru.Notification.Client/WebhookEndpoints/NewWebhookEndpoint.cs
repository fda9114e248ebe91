namespace Usheru.Notification.Client;

/// <summary>The body of <c>POST /v1/webhook-endpoints</c>.</summary>
/// <param name="Url">Where to send: an absolute http or https URL.</param>
/// <param name="Description">A note for people.</param>
/// <param name="Events">The events to send (see <see cref="WebhookEvent"/>); none: the endpoint is only a channel target.</param>
public sealed record NewWebhookEndpoint(Uri Url, string? Description = null, IReadOnlyList<string>? Events = null);
