using Fluid;

namespace Usheru.Notification.Api.Templates;

/// <summary>
/// A stored template parsed in every locale, answering per channel which content a recipient gets:
/// <c>es-MX</c> falls back to <c>es</c>, then to the template's default content.
/// </summary>
internal sealed class LocalizedTemplates
{
    private readonly ParsedTemplates fallback;
    private readonly Dictionary<string, ParsedTemplates> byLocale = new(StringComparer.OrdinalIgnoreCase);

    private LocalizedTemplates(StoredTemplate template, ParsedTemplates fallback)
    {
        Template = template;
        this.fallback = fallback;
    }

    public StoredTemplate Template { get; }

    public static LocalizedTemplates Parse(StoredTemplate template, string prefix, Dictionary<string, string[]> errors)
    {
        var localized = new LocalizedTemplates(template, ParsedTemplates.Parse(template.Channels, $"{prefix}channels", errors));
        foreach (var (locale, channels) in template.Locales)
        {
            localized.byLocale[locale] = ParsedTemplates.Parse(channels, $"{prefix}locales.{locale}", errors);
        }
        return localized;
    }

    /// <summary>Renders every field of every locale once: see <see cref="ParsedTemplates.TryRender"/>.</summary>
    /// <exception cref="TemplateLimitExceededException">A field went over a limit whatever the data.</exception>
    public void TryRender(TemplateContext context)
    {
        fallback.TryRender(context);
        foreach (var locale in byLocale.Values)
        {
            locale.TryRender(context);
        }
    }

    /// <summary>The channels the template has content for, in any locale.</summary>
    public IEnumerable<string> Channels => ChannelTemplates.Channels.Where(c => fallback.Has(c) || byLocale.Values.Any(l => l.Has(c)));

    /// <summary>The content for <paramref name="channel"/> in <paramref name="locale"/>, and the locale it came from (null: default).</summary>
    public (ParsedTemplates? Content, string? Locale) For(string channel, string? locale)
    {
        foreach (var candidate in Fallbacks(locale))
        {
            if (byLocale.TryGetValue(candidate, out var content) && content.Has(channel))
            {
                return (content, candidate);
            }
        }
        return fallback.Has(channel) ? (fallback, null) : (null, null);
    }

    /// <summary><c>es-MX</c> gives <c>es-MX</c>, then <c>es</c>.</summary>
    public static IEnumerable<string> Fallbacks(string? locale)
    {
        for (var tag = locale; !string.IsNullOrEmpty(tag); tag = tag.LastIndexOf('-') is var dash and > 0 ? tag[..dash] : null)
        {
            yield return tag;
        }
    }
}
