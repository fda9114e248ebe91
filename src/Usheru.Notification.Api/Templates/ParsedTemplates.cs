using System.Text.Json.Nodes;
using Fluid;
using Usheru.Notification.Api.Channels.Email;
using Usheru.Notification.Api.Channels.Sms;
using Usheru.Notification.Api.Channels.Webhook;
using Usheru.Notification.Api.Channels.WebPush;

namespace Usheru.Notification.Api.Templates;

/// <summary>
/// <see cref="ChannelTemplates"/> with every string parsed once, ready to render per recipient into
/// the content a channel stores with its delivery.
/// </summary>
internal sealed class ParsedTemplates
{
    private readonly Dictionary<string, IFluidTemplate> parsed = [];
    private readonly ChannelTemplates source;
    private readonly string prefix;

    private ParsedTemplates(ChannelTemplates source, string prefix)
    {
        this.source = source;
        this.prefix = prefix;
    }

    /// <summary>Parses every string; errors are added per field under <paramref name="prefix"/>, e.g. <c>content.email.subject</c>.</summary>
    public static ParsedTemplates Parse(ChannelTemplates source, string prefix, Dictionary<string, string[]> errors)
    {
        var templates = new ParsedTemplates(source, prefix);
        void Required(string? value, string field, string message)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                errors[$"{prefix}.{field}"] = [message];
            }
        }
        if (source.Email is { } email)
        {
            Required(email.Subject, "email.subject", "An email needs a subject.");
            if (email.Text is null && email.Html is null)
            {
                errors[$"{prefix}.email"] = ["An email needs text, html or both."];
            }
        }
        if (source.Sms is { } sms)
        {
            Required(sms.Text, "sms.text", "An SMS needs text.");
        }
        if (source.Push is { } push)
        {
            Required(push.Title, "push.title", "A push message needs a title.");
        }
        if (source.Inbox is { } inbox)
        {
            Required(inbox.Title, "inbox.title", "An inbox item needs a title.");
        }
        foreach (var (field, text) in Strings(source))
        {
            if (Liquid.TryParse(text, out var template, out var error))
            {
                templates.parsed[field] = template;
            }
            else
            {
                // A limit's message names its setting; anything else is Fluid's account of the syntax.
                errors[$"{prefix}.{field}"] = [error.Contains("(Templates:", StringComparison.Ordinal) ? error : $"Liquid syntax error: {error.Split('\n')[0]}"];
            }
        }
        return templates;
    }

    public bool Has(string channel) => source.Has(channel);

    /// <summary>The channel's content rendered with <paramref name="context"/>, as its delivery stores it.</summary>
    /// <exception cref="TemplateRenderException">A field failed to render; <see cref="TemplateRenderException.Field"/> names it.</exception>
    public object Render(string channel, TemplateContext context, string? toName = null, string? unsubscribeUrl = null) => channel switch
    {
        "email" => new EmailContent(Text("email.subject", context)!, Text("email.text", context), Html("email.html", context), toName, unsubscribeUrl),
        "sms" => new SmsContent(Text("sms.text", context)!),
        "push" => new PushContent(Text("push.title", context)!, Text("push.body", context), Text("push.url", context)),
        "inbox" => new PushContent(Text("inbox.title", context)!, Text("inbox.body", context), Text("inbox.url", context)),
        "webhook" => new WebhookContent(Payload(source.Webhook?.Payload, context)),
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "Unknown channel."),
    };

    /// <summary>
    /// Renders every field once with <paramref name="context"/>, so a template that goes over a limit
    /// whatever the recipient is refused when it is given, not when it is delivered. Other render
    /// failures may depend on the data a recipient brings, and are left to the real render.
    /// </summary>
    /// <exception cref="TemplateLimitExceededException">A field went over a limit; <see cref="TemplateRenderException.Field"/> names it.</exception>
    public void TryRender(TemplateContext context)
    {
        foreach (var (field, template) in parsed)
        {
            try
            {
                _ = field == "email.html" ? Liquid.RenderHtml(template, context) : Liquid.RenderText(template, context);
            }
            catch (TemplateLimitExceededException ex)
            {
                throw ex.At($"{prefix}.{field}");
            }
            catch (TemplateRenderException)
            {
            }
        }
    }

    private string? Text(string field, TemplateContext context) =>
        parsed.TryGetValue(field, out var template) ? Rendered(field, () => Liquid.RenderText(template, context)) : null;

    private string? Html(string field, TemplateContext context) =>
        parsed.TryGetValue(field, out var template) ? Rendered(field, () => Liquid.RenderHtml(template, context)) : null;

    private string Rendered(string field, Func<string> render)
    {
        try
        {
            return render();
        }
        catch (TemplateRenderException ex)
        {
            throw ex.At($"{prefix}.{field}");
        }
    }

    private JsonNode? Payload(JsonNode? payload, TemplateContext context)
    {
        if (payload is null)
        {
            return null;
        }
        var copy = payload.DeepClone();
        if (copy is JsonValue)
        {
            return JsonValue.Create(Text("webhook.payload", context));
        }
        foreach (var value in JsonStrings(copy).ToList())
        {
            value.ReplaceWith(Text($"webhook.payload{value.GetPath()[1..]}", context));
        }
        return copy;
    }

    /// <summary>Every template string, keyed by its field path below the channel set.</summary>
    private static IEnumerable<(string Field, string Text)> Strings(ChannelTemplates t)
    {
        (string, string?)[] fields =
        [
            ("email.subject", t.Email?.Subject), ("email.text", t.Email?.Text), ("email.html", t.Email?.Html),
            ("sms.text", t.Sms?.Text),
            ("push.title", t.Push?.Title), ("push.body", t.Push?.Body), ("push.url", t.Push?.Url),
            ("inbox.title", t.Inbox?.Title), ("inbox.body", t.Inbox?.Body), ("inbox.url", t.Inbox?.Url),
        ];
        foreach (var (field, text) in fields)
        {
            if (text is not null)
            {
                yield return (field, text);
            }
        }
        foreach (var value in JsonStrings(t.Webhook?.Payload))
        {
            yield return ($"webhook.payload{value.GetPath()[1..]}", value.GetValue<string>());
        }
    }

    private static IEnumerable<JsonValue> JsonStrings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => JsonStrings(p.Value)),
        JsonArray a => a.SelectMany(JsonStrings),
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => [v],
        _ => [],
    };
}
