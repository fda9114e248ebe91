using System.Text.Json.Nodes;

namespace Usheru.Notification.Api.Recipients;

/// <summary>A person the calling services address by their own id: where to reach them and what they allow.</summary>
internal sealed record Recipient(
    string Id,
    string? Email,
    string? Phone,
    string? Name,
    string? Locale,
    string? Timezone,
    JsonObject Data,
    Preferences Preferences,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The <c>recipient.*</c> fields templates see.</summary>
    public Dictionary<string, object?> TemplateModel() => new()
    {
        ["id"] = Id,
        ["email"] = Email,
        ["phone"] = Phone,
        ["name"] = Name,
        ["locale"] = Locale,
        ["timezone"] = Timezone,
        ["data"] = Templates.Liquid.ToModel(Data),
    };
}
