using System.Net;
using Usheru.Notification.Api.Channels.Email;

namespace Usheru.Notification.Api.PreferenceCentre;

/// <summary>
/// Every marketing email to a recipient carries a link to their preference page beside its
/// unsubscribe link. Both use the same signed token, so the page works for as long as the
/// unsubscribe link does. A template may place them itself (<c>{{ preferences_url }}</c>,
/// <c>{{ unsubscribe_url }}</c>); whatever it leaves out is added in a short footer.
/// </summary>
internal static class PreferenceLinks
{
    /// <summary>The preference page for the recipient and token an unsubscribe link names.</summary>
    public static string FromUnsubscribeLink(string unsubscribeUrl)
    {
        var at = unsubscribeUrl.LastIndexOf("/unsubscribe/", StringComparison.Ordinal);
        return $"{unsubscribeUrl[..at]}/preferences/{unsubscribeUrl[(at + "/unsubscribe/".Length)..]}";
    }

    public static EmailContent WithFooter(EmailContent email)
    {
        if (email.UnsubscribeUrl is not { } unsubscribe)
        {
            return email;
        }
        var preferences = FromUnsubscribeLink(unsubscribe);
        return email with { Text = Text(email.Text, preferences, unsubscribe), Html = Html(email.Html, preferences, unsubscribe) };
    }

    private static string? Text(string? text, string preferences, string unsubscribe)
    {
        if (text is null)
        {
            return null;
        }
        var lines = new List<string>();
        if (!text.Contains(preferences, StringComparison.Ordinal))
        {
            lines.Add($"Choose what Usheru sends you: {preferences}");
        }
        if (!text.Contains(unsubscribe, StringComparison.Ordinal))
        {
            lines.Add($"Unsubscribe: {unsubscribe}");
        }
        return lines.Count == 0 ? text : $"{text}\n\n--\n{string.Join('\n', lines)}\n";
    }

    private static string? Html(string? html, string preferences, string unsubscribe)
    {
        if (html is null)
        {
            return null;
        }
        var links = new List<string>();
        if (!html.Contains(WebUtility.HtmlEncode(preferences), StringComparison.Ordinal))
        {
            links.Add($"<a href=\"{WebUtility.HtmlEncode(preferences)}\">Choose what Usheru sends you</a>");
        }
        if (!html.Contains(WebUtility.HtmlEncode(unsubscribe), StringComparison.Ordinal))
        {
            links.Add($"<a href=\"{WebUtility.HtmlEncode(unsubscribe)}\">Unsubscribe</a>");
        }
        if (links.Count == 0)
        {
            return html;
        }
        var footer = $"<p style=\"font-size:12px;color:#555\">{string.Join(" · ", links)}</p>";
        var end = html.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
        return end < 0 ? html + footer : html.Insert(end, footer);
    }
}
