using System.Text.Json.Nodes;
using Fluid;
using Usheru.Notification.Api.Channels.Email;
using Usheru.Notification.Api.Channels.Webhook;
using Usheru.Notification.Api.Storage;
using Usheru.Notification.Api.Templates;

namespace Usheru.Notification.Api.Notifications;

/// <summary>
/// Turns a valid request into deliveries: parses every Liquid string once, then renders it per
/// recipient with <c>data</c> and <c>recipient.*</c>. Errors are reported per field, as a 400.
/// </summary>
internal static class NotificationComposer
{
    public static NewNotification Compose(SendNotificationRequest request, DateTimeOffset now, Dictionary<string, string[]> errors)
    {
        var email = ParseEmail(request.Content?.Email, errors);
        var payload = request.Content?.Webhook?.Payload;
        var payloadTemplates = ParsePayload(payload, "content.webhook.payload", errors);
        var deliveries = new List<NewDelivery>();
        for (var i = 0; i < request.To!.Count && errors.Count == 0; i++)
        {
            var address = request.To[i];
            var channel = address.Email is not null ? "email" : "webhook";
            if (request.Channels is { } allowed && !allowed.Contains(channel))
            {
                errors[$"to[{i}]"] = [$"The {channel} channel is excluded by 'channels'."];
                continue;
            }
            var recipient = Recipient(address);
            var context = Liquid.Context(request.Data, recipient);
            if (channel == "email")
            {
                if (email is null)
                {
                    errors[$"to[{i}]"] = ["An email address needs content.email."];
                    continue;
                }
                var content = new EmailContent(
                    Liquid.RenderText(email.Subject, context),
                    email.Text is null ? null : Liquid.RenderText(email.Text, context),
                    email.Html is null ? null : Liquid.RenderHtml(email.Html, context),
                    address.Name);
                deliveries.Add(new NewDelivery(Ids.New(Ids.Delivery), channel, address.Email!, StoredJson.Serialize(content)));
            }
            else
            {
                var content = new WebhookContent(RenderPayload(payload, payloadTemplates, context));
                deliveries.Add(new NewDelivery(Ids.New(Ids.Delivery), channel, address.Webhook!, StoredJson.Serialize(content)));
            }
        }
        return new NewNotification(
            Ids.New(Ids.Notification),
            request.Category ?? "transactional",
            request.Template,
            (request.Data ?? []).ToJsonString(),
            (request.Metadata ?? []).ToJsonString(),
            now,
            request.SendAt > now ? request.SendAt : null,
            deliveries);
    }

    private static Dictionary<string, object?> Recipient(Address address) => address.Email is not null
        ? new() { ["email"] = address.Email, ["name"] = address.Name }
        : new() { ["webhook"] = address.Webhook, ["name"] = address.Name };

    private sealed record ParsedEmail(IFluidTemplate Subject, IFluidTemplate? Text, IFluidTemplate? Html);

    private static ParsedEmail? ParseEmail(EmailTemplate? email, Dictionary<string, string[]> errors)
    {
        if (email is null)
        {
            return null;
        }
        if (string.IsNullOrWhiteSpace(email.Subject))
        {
            errors["content.email.subject"] = ["An email needs a subject."];
        }
        if (email.Text is null && email.Html is null)
        {
            errors["content.email"] = ["An email needs text, html or both."];
        }
        var subject = Parse(email.Subject ?? "", "content.email.subject", errors);
        var text = email.Text is null ? null : Parse(email.Text, "content.email.text", errors);
        var html = email.Html is null ? null : Parse(email.Html, "content.email.html", errors);
        return subject is null ? null : new ParsedEmail(subject, text, html);
    }

    private static IFluidTemplate? Parse(string source, string field, Dictionary<string, string[]> errors)
    {
        if (Liquid.TryParse(source, out var template, out var error))
        {
            return template;
        }
        errors[field] = [$"Liquid syntax error: {error.Split('\n')[0]}"];
        return null;
    }

    /// <summary>Every string value inside a JSON payload is a template, keyed by its JSON path.</summary>
    private static Dictionary<string, IFluidTemplate> ParsePayload(JsonNode? payload, string field, Dictionary<string, string[]> errors)
    {
        var templates = new Dictionary<string, IFluidTemplate>();
        foreach (var value in Strings(payload))
        {
            if (Parse(value.GetValue<string>(), $"{field}{value.GetPath()[1..]}", errors) is { } template)
            {
                templates[value.GetPath()] = template;
            }
        }
        return templates;
    }

    private static JsonNode? RenderPayload(JsonNode? payload, Dictionary<string, IFluidTemplate> templates, TemplateContext context)
    {
        if (payload is null)
        {
            return null;
        }
        if (payload is JsonValue && templates.TryGetValue(payload.GetPath(), out var root))
        {
            return JsonValue.Create(Liquid.RenderText(root, context));
        }
        var copy = payload.DeepClone();
        foreach (var value in Strings(copy).ToList())
        {
            value.ReplaceWith(Liquid.RenderText(templates[value.GetPath()], context));
        }
        return copy;
    }

    private static IEnumerable<JsonValue> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => [v],
        _ => [],
    };
}
