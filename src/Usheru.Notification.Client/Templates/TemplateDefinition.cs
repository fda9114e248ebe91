namespace Usheru.Notification.Client;

/// <summary>The body of <c>PUT /v1/templates/{key}</c>.</summary>
/// <param name="Channels">The default content per channel; at least one channel.</param>
/// <param name="Name">A name for people.</param>
/// <param name="Category">See <see cref="NotificationCategory"/>; null: transactional.</param>
/// <param name="Locales">Per language tag (<c>es</c>, <c>es-MX</c>), the channels whose content differs there.</param>
public sealed record TemplateDefinition(
    ChannelContent Channels,
    string? Name = null,
    string? Category = null,
    IReadOnlyDictionary<string, ChannelContent>? Locales = null);
