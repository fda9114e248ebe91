namespace Usheru.Notification.Client;

/// <summary>A template rendered for a preview.</summary>
/// <param name="Template">The template key.</param>
/// <param name="Locale">The locale asked for.</param>
/// <param name="Channels">Per channel name (see <see cref="NotificationChannel"/>), what it renders to.</param>
public sealed record TemplatePreview(string Template, string? Locale, IReadOnlyDictionary<string, RenderedContent> Channels);
