using Usheru.Notification.Api.Notifications;
using Usheru.Notification.Api.Templates;

namespace Usheru.Notification.Api.Recipients;

/// <summary>What makes a recipient's id and details valid: one rule set for <c>PUT</c> and for bulk upserts.</summary>
internal static class RecipientDetailsRules
{
    /// <summary>Adds an error per bad field, each name prefixed with <paramref name="prefix"/> (e.g. <c>recipients[3].</c>).</summary>
    public static void Validate(string? id, RecipientDetails details, Dictionary<string, string[]> errors, string prefix = "")
    {
        if (id is null || !RecipientRoutes.IsRecipientId(id))
        {
            errors[$"{prefix}id"] = ["Use 1 to 128 letters, digits, '.', '_', ':', '@' or '-'."];
        }
        if (details.Email is { } email && !NotificationRequestValidator.IsEmail(email))
        {
            errors[$"{prefix}email"] = [$"'{email}' is not a valid email address."];
        }
        if (details.Phone is { } phone && !Channels.Sms.PhoneNumber.IsE164(phone))
        {
            errors[$"{prefix}phone"] = ["Phone numbers are E.164, like +353871234567."];
        }
        if (details.Locale is { } locale && !TemplateRoutes.Locale().IsMatch(locale))
        {
            errors[$"{prefix}locale"] = ["Locales are language tags like 'es' or 'es-MX'."];
        }
        if (details.Timezone is { } zone && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            errors[$"{prefix}timezone"] = ["Use an IANA time zone like 'Europe/Dublin'."];
        }
    }
}
