namespace Usheru.Notification.Client;

/// <summary>A registered webhook receiver, without its secret.</summary>
/// <param name="Id">The endpoint id, <c>whe_…</c>.</param>
/// <param name="Url">Where it sends.</param>
/// <param name="Description">A note for people.</param>
/// <param name="Events">The events it gets (see <see cref="WebhookEvent"/>).</param>
/// <param name="CreatedAt">When it was registered.</param>
/// <param name="DisabledAt">When the receiver disabled it by answering 410; null while enabled.</param>
public sealed record WebhookEndpoint(
    string Id,
    Uri Url,
    string? Description,
    IReadOnlyList<string> Events,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DisabledAt);
