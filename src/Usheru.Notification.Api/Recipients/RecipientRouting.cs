using System.Text.Json.Nodes;
using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Notifications;
using Usheru.Notification.Api.Storage;
using Usheru.Notification.Api.Templates;

namespace Usheru.Notification.Api.Recipients;

/// <summary>
/// A recipient gets every channel of the content (and of <c>channels</c>, when the request narrows
/// them) that they have an address for and this service is configured to deliver on. What their preferences block, or an address they lack,
/// becomes a <c>suppressed</c> delivery carrying the reason, so the caller can see why.
/// </summary>
internal static class RecipientRouting
{
    /// <summary>Adds the person's deliveries; false when no channel of the content can reach anyone.</summary>
    /// <param name="unsubscribeLink">Signs a recipient's link to opt out of a category; marketing email carries it.</param>
    /// <param name="requestBudget">
    /// At accept time, the request's budget: a template that fails to render is then the caller's
    /// error and the exception propagates. Null at fan-out: each recipient gets a budget of their own,
    /// and a render that fails fails just that delivery, permanently, with the reason.
    /// </param>
    /// <exception cref="TemplateRenderException">At accept time, a field failed to render.</exception>
    public static bool Address(Recipient person, IReadOnlyList<string> pushSubscriptions, IReadOnlyList<string>? channels,
        JsonObject? data, ComposedContent content, string category, ChannelCatalog available, Func<string, string, string> unsubscribeLink,
        List<NewDelivery> deliveries, TemplateBudget? requestBudget = null)
    {
        var before = deliveries.Count;
        var context = Liquid.Context(data, person.TemplateModel(), requestBudget);
        var unsubscribe = category == "marketing" ? unsubscribeLink(person.Id, category) : null;
        context.SetValue("unsubscribe_url", Fluid.Values.FluidValue.Create(unsubscribe, context.Options));
        context.SetValue("preferences_url", Fluid.Values.FluidValue.Create(
            unsubscribe is null ? null : PreferenceCentre.PreferenceLinks.FromUnsubscribeLink(unsubscribe), context.Options));
        foreach (var channel in content.Channels.Where(c => c != "webhook" && available.Has(c) && (channels is null || channels.Contains(c))))
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
                if (blocked is not null)
                {
                    deliveries.Add(Suppressed(channel, to, person.Id, blocked));
                    continue;
                }
                try
                {
                    deliveries.Add(new NewDelivery(Ids.New(Ids.Delivery), channel, to,
                        StoredJson.Serialize(Rendered(parsed, channel, context, person, unsubscribe)), person.Id));
                }
                catch (TemplateRenderException ex) when (requestBudget is null)
                {
                    deliveries.Add(new NewDelivery(Ids.New(Ids.Delivery), channel, to, "{}", person.Id,
                        FailedReason: ex.Field is null ? ex.Message : $"{ex.Field}: {ex.Message}"));
                }
            }
        }
        return deliveries.Count > before;
    }

    private static object Rendered(ParsedTemplates parsed, string channel, Fluid.TemplateContext context, Recipient person, string? unsubscribe) =>
        parsed.Render(channel, context, person.Name, channel == "email" ? unsubscribe : null) switch
        {
            Channels.Email.EmailContent email => PreferenceCentre.PreferenceLinks.WithFooter(email),
            var other => other,
        };

    private static NewDelivery Suppressed(string channel, string to, string recipientId, string reason) =>
        new(Ids.New(Ids.Delivery), channel, to, "{}", recipientId, reason);

    private static string Lacking(string channel) => channel switch
    {
        "email" => "email address",
        "sms" => "phone number",
        _ => "push subscription",
    };
}
