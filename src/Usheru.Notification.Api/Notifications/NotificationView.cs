using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Usheru.Notification.Api.Notifications;

/// <summary>A notification as <c>GET /v1/notifications/{id}</c> shows it; lists leave out the deliveries.</summary>
internal sealed record NotificationView(
    string Id,
    string Status,
    string Category,
    string? Template,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SendAt,
    JsonObject Metadata,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<DeliveryView>? Deliveries);

internal sealed record DeliveryView(
    string Id,
    string Channel,
    string To,
    string Status,
    int Attempts,
    string? LastError,
    DateTimeOffset? SentAt,
    string? ProviderMessageId,
    DateTimeOffset? NextAttemptAt);
