using Usheru.Notification.Api.Templates;

namespace Usheru.Notification.Api.Notifications;

/// <summary>Where a notification's content comes from, per channel and locale; the channels it covers; its default category.</summary>
/// <param name="TryRender">Renders every field of every locale once: see <see cref="ParsedTemplates.TryRender"/>.</param>
internal sealed record ComposedContent(Func<string, string?, ParsedTemplates?> For, IReadOnlyList<string> Channels, string Category,
    Action<Fluid.TemplateContext> TryRender)
{
    public static ComposedContent Inline(ChannelTemplates content, Dictionary<string, string[]> errors)
    {
        var parsed = ParsedTemplates.Parse(content, "content", errors);
        return new((channel, _) => parsed.Has(channel) ? parsed : null, [.. ChannelTemplates.Channels.Where(parsed.Has)], "transactional", parsed.TryRender);
    }

    public static ComposedContent Stored(StoredTemplate template, Dictionary<string, string[]> errors)
    {
        var localized = LocalizedTemplates.Parse(template, "template.", errors);
        return new((channel, locale) => localized.For(channel, locale).Content, [.. localized.Channels], template.Category, localized.TryRender);
    }
}
