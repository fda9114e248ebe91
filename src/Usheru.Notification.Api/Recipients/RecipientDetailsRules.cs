using Usheru.Notification.Api.Hosting;
using Usheru.Notification.Api.Notifications;

namespace Usheru.Notification.Api.Recipients;

/// <summary>What makes a recipient's id and details valid: one rule set for <c>PUT</c> and for bulk upserts.</summary>
internal static class RecipientDetailsRules
{
    /// <summary>Adds an error per bad field, each name prefixed with <paramref name="prefix"/> (e.g. <c>recipients[3].</c>).</summary>
    public static void Validate(string? id, RecipientDetails details, Dictionary<string, string[]> errors, string prefix = "")
    {
        if (!Identifiers.RecipientId.IsValid(id))
        {
            errors[$"{prefix}id"] = [Identifiers.RecipientId.Message];
        }
        if (details.Name is { } name && NotificationRequestValidator.HasControlCharacters(name))
        {
            errors[$"{prefix}name"] = ["A name must not hold control characters such as line breaks."];
        }
        if (details.Email is { } email && !NotificationRequestValidator.IsEmail(email))
        {
            errors[$"{prefix}email"] = [$"'{email}' is not a valid email address."];
        }
        if (details.Phone is { } phone && !Channels.Sms.PhoneNumber.IsE164(phone))
        {
            errors[$"{prefix}phone"] = ["Phone numbers are E.164, like +353871234567."];
        }
        if (details.Locale is { } locale && !Identifiers.Locale.IsValid(locale))
        {
            errors[$"{prefix}locale"] = [Identifiers.Locale.Message];
        }
        // The shape first: the zone database is read from files named after the id.
        if (details.Timezone is { } zone && !(Identifiers.TimeZone.IsValid(zone) && TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _)))
        {
            errors[$"{prefix}timezone"] = [Identifiers.TimeZone.Message];
        }
    }
}
