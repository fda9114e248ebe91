namespace Usheru.Notification.Client;

/// <summary>One delivery of a notification: one address on one channel.</summary>
/// <param name="Id">The delivery id, <c>dlv_…</c>.</param>
/// <param name="Channel">See <see cref="NotificationChannel"/>.</param>
/// <param name="To">The address it goes to.</param>
/// <param name="Status">See <see cref="DeliveryStatus"/>.</param>
/// <param name="Attempts">How many times it has been tried.</param>
/// <param name="LastError">Why the last attempt failed, or why it was suppressed.</param>
/// <param name="SentAt">When it was sent.</param>
/// <param name="ProviderMessageId">The id the provider gave the message, where it gives one.</param>
/// <param name="NextAttemptAt">When it is tried next, while it is retrying.</param>
public sealed record DeliveryDetails(
    string Id,
    string Channel,
    string To,
    string Status,
    int Attempts,
    string? LastError,
    DateTimeOffset? SentAt,
    string? ProviderMessageId,
    DateTimeOffset? NextAttemptAt);
