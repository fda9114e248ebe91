namespace Usheru.Notification.Api.Templates;

/// <summary>A template as stored and shown: content per channel, and per locale what differs.</summary>
internal sealed record StoredTemplate(
    string Key,
    string? Name,
    string Category,
    ChannelTemplates Channels,
    IReadOnlyDictionary<string, ChannelTemplates> Locales,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
