using System.Text.Json.Nodes;

namespace Usheru.Notification.Client;

/// <summary>The body of <c>PUT /v1/recipients/{id}</c>: it replaces every field, so give them all.</summary>
/// <param name="Email">Their email address.</param>
/// <param name="Phone">Their E.164 phone number.</param>
/// <param name="Name">Their name, as templates greet them.</param>
/// <param name="Locale">Their language, such as <c>es-MX</c>: templates fall back to <c>es</c>, then the default.</param>
/// <param name="Timezone">Their IANA time zone, such as <c>Europe/Dublin</c>.</param>
/// <param name="Data">Anything else templates may use, as <c>recipient.data.*</c>.</param>
public sealed record RecipientDetails(
    string? Email = null,
    string? Phone = null,
    string? Name = null,
    string? Locale = null,
    string? Timezone = null,
    JsonObject? Data = null);
