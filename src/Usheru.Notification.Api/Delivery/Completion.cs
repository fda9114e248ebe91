using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Delivery;

/// <summary>
/// The row change one finished attempt makes. A release (no outcome) hands an unstarted or
/// cut-off delivery back to the queue without counting the attempt.
/// </summary>
internal sealed record Completion(ClaimedDelivery Delivery, DeliveryOutcome? Outcome, bool MayRetry, TimeSpan RetryDelay)
{
    public static Completion Release(ClaimedDelivery delivery) => new(delivery, null, true, TimeSpan.Zero);

    /// <summary>Whether the delivery goes back to waiting in the queue rather than ending.</summary>
    public bool ReturnsToQueue => Outcome is null || (Outcome is DeliveryOutcome.Retry && MayRetry);

    public object ToRow(long now)
    {
        var d = Delivery;
        return Outcome switch
        {
            DeliveryOutcome.Sent sent => Row(d, DeliveryStatus.Sent, null, null, now, sent.ProviderMessageId),
            DeliveryOutcome.Retry retry when MayRetry => Row(d, DeliveryStatus.Retrying, now + (long)RetryDelay.TotalMilliseconds, retry.Error),
            DeliveryOutcome.Retry retry => Row(d, DeliveryStatus.Failed, null, retry.Error),
            DeliveryOutcome.Failed failed => Row(d, DeliveryStatus.Failed, null, failed.Error),
            _ => Row(d, d.Attempt > 1 ? DeliveryStatus.Retrying : DeliveryStatus.Queued, null, null, unattempted: 1),
        };
    }

    private static object Row(ClaimedDelivery d, string status, long? dueAt, string? error, long? sentAt = null, string? providerMessageId = null, int unattempted = 0) =>
        new
        {
            d.Id,
            LeaseToken = d.LeaseToken.ToString(),
            Status = status,
            Unattempted = unattempted,
            DueAt = dueAt,
            LastError = error is { Length: > 500 } ? error[..500] : error,
            SentAt = sentAt,
            ProviderMessageId = providerMessageId,
        };
}
