using System.Text.Json.Nodes;

namespace Usheru.Notification.Api.Recipients;

/// <summary>The body of <c>PUT /v1/recipients/{id}</c>.</summary>
internal sealed record RecipientDetails(string? Email, string? Phone, string? Name, string? Locale, string? Timezone, JsonObject? Data);
