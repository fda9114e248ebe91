using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Usheru.Notification.Api.Notifications;

/// <summary>
/// A notification as <c>GET /v1/notifications/{id}</c> shows it: with its first
/// <see cref="NotificationStore.DeliveriesShown"/> deliveries (all of them, unless it went to a
/// topic), counts by status, and its fan-out's progress. Lists leave out the deliveries.
/// </summary>
internal sealed record NotificationView(
    string Id,
    string Status,
    string Category,
    string? Template,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SendAt,
    JsonObject Metadata,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<DeliveryView>? Deliveries,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, long>? DeliveryCounts = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] FanoutProgress? Fanout = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Workflow = null);

/// <summary>How far a notification's fan-out to its topics has got.</summary>
internal sealed record FanoutProgress(IReadOnlyList<string> Topics, long Recipients, bool Done);

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
