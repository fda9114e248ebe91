namespace Usheru.Notification.Api.Delivery;

/// <summary>A delivery as the operator's lists show it, with the notification it belongs to.</summary>
internal sealed record DeliverySummary(
    string Id,
    string NotificationId,
    string Channel,
    string To,
    string? RecipientId,
    string Status,
    int Attempts,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt,
    string? ProviderMessageId,
    DateTimeOffset? NextAttemptAt,
    string? RetryId);

/// <summary>One delivery with the content it was (or will be) sent with, as the console shows it.</summary>
internal sealed record DeliveryDetail(DeliverySummary Delivery, string ContentJson, DeliveryRetry? LastRetry);

/// <summary>A replay of failed deliveries: one, or all that matched a filter.</summary>
internal sealed record DeliveryRetry(string Id, string Filter, long Retried, DateTimeOffset CreatedAt);

/// <summary>Where a replay has got: its deliveries by their status now.</summary>
internal sealed record RetryProgress(string Id, long Retried, DateTimeOffset CreatedAt, IReadOnlyDictionary<string, long> Statuses, bool Done);

/// <summary>Failed deliveries that share a channel and an error, for the console's grouped view.</summary>
internal sealed record FailureGroup(string Channel, string? LastError, long Count, DateTimeOffset Latest);
