using System.Text.Json.Nodes;

namespace Usheru.Notification.Api.Events;

/// <summary>What an endpoint receives: the Standard Webhooks payload shape.</summary>
internal sealed record EventBody(string Type, DateTimeOffset Timestamp, object Data);

/// <summary>The <c>data</c> of <c>delivery.sent</c> and <c>delivery.failed</c>.</summary>
internal sealed record DeliveryEventData(
    string DeliveryId,
    string NotificationId,
    string Channel,
    string Status,
    int Attempts,
    DateTimeOffset? SentAt,
    string? ProviderMessageId,
    JsonNode? Metadata);

/// <summary>The <c>data</c> of <c>notification.completed</c>: every delivery has ended, sent or not.</summary>
internal sealed record NotificationEventData(
    string NotificationId,
    string Status,
    string Category,
    string? Template,
    IReadOnlyDictionary<string, long> DeliveryCounts,
    JsonNode? Metadata);
