namespace Usheru.Notification.Client;

/// <summary>A stored template: content per channel, and per locale what differs.</summary>
/// <param name="Key">The template key.</param>
/// <param name="Name">A name for people.</param>
/// <param name="Category">See <see cref="NotificationCategory"/>.</param>
/// <param name="Channels">The default content per channel.</param>
/// <param name="Locales">Per language tag, the channels whose content differs there.</param>
/// <param name="CreatedAt">When it was first stored.</param>
/// <param name="UpdatedAt">When it last changed.</param>
public sealed record StoredTemplate(
    string Key,
    string? Name,
    string Category,
    ChannelContent Channels,
    IReadOnlyDictionary<string, ChannelContent> Locales,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
