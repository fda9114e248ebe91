namespace Usheru.Notification.Client;

/// <summary>A webhook endpoint just registered: the only answer that carries its signing secret.</summary>
/// <param name="Id">The endpoint id, <c>whe_…</c>.</param>
/// <param name="Url">Where it sends.</param>
/// <param name="Secret">The Standard Webhooks signing secret, <c>whsec_…</c>: keep it now, it is not shown again.</param>
/// <param name="Description">A note for people.</param>
/// <param name="Events">The events it gets.</param>
/// <param name="CreatedAt">When it was registered.</param>
public sealed record CreatedWebhookEndpoint(
    string Id,
    Uri Url,
    string Secret,
    string? Description,
    IReadOnlyList<string> Events,
    DateTimeOffset CreatedAt);
