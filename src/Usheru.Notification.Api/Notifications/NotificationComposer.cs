using Usheru.Notification.Api.Recipients;
using Usheru.Notification.Api.Storage;
using Usheru.Notification.Api.Templates;
using Usheru.Notification.Api.WebhookEndpoints;

namespace Usheru.Notification.Api.Notifications;

/// <summary>
/// Turns a valid request into deliveries. Content comes from the stored template (in the
/// recipient's locale, falling back to the language, then the default) or from inline content,
/// parsed once and rendered per recipient with <c>data</c> and <c>recipient.*</c>. A recipient gets
/// every channel of the content that they have an address for; what their preferences block, or an
/// address they lack, becomes a <c>suppressed</c> delivery with the reason.
/// </summary>
internal sealed class NotificationComposer(TemplateStore templates, RecipientStore recipients, WebhookEndpointStore endpoints)
{
    public async Task<NewNotification?> ComposeAsync(SendNotificationRequest request, DateTimeOffset now, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        var content = await ContentAsync(request, errors, ct);
        var people = await recipients.GetManyAsync([.. request.To!.Select(a => a.RecipientId).OfType<string>().Distinct()], ct);
        var webhooks = request.To!.Select(a => a.Webhook).OfType<string>().Distinct().ToList();
        var unusable = await endpoints.UnusableAsync(webhooks, ct);
        if (content is null || errors.Count > 0)
        {
            return null;
        }
        var push = await recipients.PushSubscriptionsAsync([.. people.Keys], ct);
        var category = request.Category ?? content.Category;
        var deliveries = new List<NewDelivery>();
        for (var i = 0; i < request.To!.Count; i++)
        {
            var address = request.To[i];
            var error = address switch
            {
                { Webhook: { } id } when unusable.Contains(id) => $"No enabled webhook endpoint '{id}'.",
                { RecipientId: { } id } when !people.ContainsKey(id) => $"No recipient '{id}'.",
                { RecipientId: { } id } => AddressPerson(people[id], push.GetValueOrDefault(id, []), request, content, category, deliveries),
                _ => AddressDirect(address, request, content, deliveries),
            };
            if (error is not null)
            {
                errors[$"to[{i}]"] = [error];
            }
        }
        return errors.Count > 0 ? null : new NewNotification(
            Ids.New(Ids.Notification), category, request.Template,
            (request.Data ?? []).ToJsonString(), (request.Metadata ?? []).ToJsonString(),
            now, request.SendAt > now ? request.SendAt : null, deliveries);
    }

    private async Task<Content?> ContentAsync(SendNotificationRequest request, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        if (request.Template is not { } key)
        {
            var inline = ParsedTemplates.Parse(request.Content!, "content", errors);
            return new Content((channel, _) => inline.Has(channel) ? inline : null, ChannelTemplates.Channels.Where(inline.Has), "transactional");
        }
        if (await templates.GetAsync(key, ct) is not { } template)
        {
            errors["template"] = [$"No template '{key}'."];
            return null;
        }
        var localized = LocalizedTemplates.Parse(template, "template.", errors);
        return new Content((channel, locale) => localized.For(channel, locale).Content, localized.Channels, template.Category);
    }

    /// <summary>An email address, phone number or webhook endpoint: the one channel that address means.</summary>
    private static string? AddressDirect(Address address, SendNotificationRequest request, Content content, List<NewDelivery> deliveries)
    {
        var (channel, to, model) = address switch
        {
            { Email: { } email } => ("email", email, new Dictionary<string, object?> { ["email"] = email, ["name"] = address.Name }),
            { Phone: { } phone } => ("sms", phone, new Dictionary<string, object?> { ["phone"] = phone, ["name"] = address.Name }),
            _ => ("webhook", address.Webhook!, new Dictionary<string, object?> { ["webhook"] = address.Webhook, ["name"] = address.Name }),
        };
        if (request.Channels is { } allowed && !allowed.Contains(channel))
        {
            return $"The {channel} channel is excluded by 'channels'.";
        }
        var parsed = content.For(channel, null);
        if (parsed is null && channel != "webhook")
        {
            return $"{(channel == "email" ? "An email address" : "A phone number")} needs {channel} content.";
        }
        var rendered = parsed?.Render(channel, Liquid.Context(request.Data, model), address.Name)
            ?? new Channels.Webhook.WebhookContent(null);
        deliveries.Add(new NewDelivery(Ids.New(Ids.Delivery), channel, to, StoredJson.Serialize(rendered)));
        return null;
    }

    /// <summary>A recipient: every channel of the content, each to their address for it, unless blocked.</summary>
    private static string? AddressPerson(Recipient person, IReadOnlyList<string> pushSubscriptions, SendNotificationRequest request,
        Content content, string category, List<NewDelivery> deliveries)
    {
        var before = deliveries.Count;
        var context = Liquid.Context(request.Data, person.TemplateModel());
        foreach (var channel in content.Channels.Where(c => c != "webhook" && (request.Channels is null || request.Channels.Contains(c))))
        {
            IReadOnlyList<string> addresses = channel switch
            {
                "email" => person.Email is { } email ? [email] : [],
                "sms" => person.Phone is { } phone ? [phone] : [],
                "push" => pushSubscriptions,
                _ => [person.Id],
            };
            if (addresses.Count == 0)
            {
                deliveries.Add(Suppressed(channel, person.Id, person.Id, $"recipient has no {Lacking(channel)}"));
                continue;
            }
            var blocked = person.Preferences.Blocks(channel, category);
            var parsed = content.For(channel, person.Locale)!;
            foreach (var to in addresses)
            {
                deliveries.Add(blocked is not null
                    ? Suppressed(channel, to, person.Id, blocked)
                    : new NewDelivery(Ids.New(Ids.Delivery), channel, to, StoredJson.Serialize(parsed.Render(channel, context, person.Name)), person.Id));
            }
        }
        return deliveries.Count > before ? null : "None of the content's channels can reach a recipient.";
    }

    private static NewDelivery Suppressed(string channel, string to, string recipientId, string reason) =>
        new(Ids.New(Ids.Delivery), channel, to, "{}", recipientId, reason);

    private static string Lacking(string channel) => channel switch
    {
        "email" => "email address",
        "sms" => "phone number",
        _ => "push subscription",
    };

    /// <summary>Where a channel's content comes from, per locale; the channels it covers; its default category.</summary>
    private sealed record Content(Func<string, string?, ParsedTemplates?> For, IEnumerable<string> Channels, string Category);
}
