using System.Text.Json.Nodes;

namespace Usheru.Notification.Client;

/// <summary>A person your services address by their own id: where to reach them and what they allow.</summary>
/// <param name="Id">Your own id for the person.</param>
/// <param name="Email">Their email address.</param>
/// <param name="Phone">Their E.164 phone number.</param>
/// <param name="Name">Their name.</param>
/// <param name="Locale">Their language.</param>
/// <param name="Timezone">Their IANA time zone.</param>
/// <param name="Data">Anything else templates may use.</param>
/// <param name="Preferences">Their opt-outs.</param>
/// <param name="CreatedAt">When they were first stored.</param>
/// <param name="UpdatedAt">When their details or preferences last changed.</param>
public sealed record Recipient(
    string Id,
    string? Email,
    string? Phone,
    string? Name,
    string? Locale,
    string? Timezone,
    JsonObject Data,
    Preferences Preferences,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
