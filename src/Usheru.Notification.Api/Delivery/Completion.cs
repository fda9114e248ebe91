using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Delivery;

/// <summary>
/// The row change one finished attempt makes. A release (no outcome) hands an unstarted or
/// cut-off delivery back to the queue without counting the attempt.
/// </summary>
internal sealed record Completion(ClaimedDelivery Delivery, DeliveryOutcome? Outcome, bool MayRetry, TimeSpan RetryDelay)
{
    public static Completion Release(ClaimedDelivery delivery) => new(delivery, null, true, TimeSpan.Zero);

    /// <summary>Ends a delivery whose address is on the suppression list, without an attempt.</summary>
    public static Completion Suppressed(ClaimedDelivery delivery, string reason) => new(delivery, new DeliveryOutcome.Suppressed(reason), false, TimeSpan.Zero);

    /// <summary>Whether the delivery goes back to waiting in the queue rather than ending.</summary>
    public bool ReturnsToQueue => Outcome is null || (Outcome is DeliveryOutcome.Retry && MayRetry);

    /// <summary>The status the delivery ends in (sent, suppressed or failed), or null when it waits in the queue again.</summary>
    public string? FinalStatus => ReturnsToQueue ? null : Outcome switch
    {
        DeliveryOutcome.Sent => DeliveryStatus.Sent,
        DeliveryOutcome.Suppressed => DeliveryStatus.Suppressed,
        _ => DeliveryStatus.Failed,
    };

    /// <summary>
    /// What the attempt came to, as its span, log line and metric name it: sent, retrying, failed,
    /// suppressed (not attempted) or released (not attempted, or cut off).
    /// </summary>
    public string AttemptOutcome => Outcome switch
    {
        DeliveryOutcome.Sent => DeliveryStatus.Sent,
        DeliveryOutcome.Suppressed => DeliveryStatus.Suppressed,
        null => "released",
        _ => ReturnsToQueue ? DeliveryStatus.Retrying : DeliveryStatus.Failed,
    };

    public string? Error => Outcome switch
    {
        DeliveryOutcome.Retry retry => retry.Error,
        DeliveryOutcome.Failed failed => failed.Error,
        DeliveryOutcome.Suppressed suppressed => suppressed.Reason,
        _ => null,
    };

    /// <summary>The values <see cref="DeliveryQueue.CompleteAsync"/> writes, in the order of its <c>VALUES</c> columns.</summary>
    public object?[] ToRow(long now)
    {
        var d = Delivery;
        return Outcome switch
        {
            DeliveryOutcome.Sent sent => Row(d, DeliveryStatus.Sent, null, null, now, sent.ProviderMessageId),
            DeliveryOutcome.Retry when MayRetry => Row(d, DeliveryStatus.Retrying, now + (long)RetryDelay.TotalMilliseconds, Error),
            DeliveryOutcome.Retry or DeliveryOutcome.Failed => Row(d, DeliveryStatus.Failed, null, Error),
            // The claim counted an attempt that was never made.
            DeliveryOutcome.Suppressed => Row(d, DeliveryStatus.Suppressed, null, Error, unattempted: 1),
            _ => Row(d, d.Attempt > 1 ? DeliveryStatus.Retrying : DeliveryStatus.Queued, null, null, unattempted: 1),
        };
    }

    private static object?[] Row(ClaimedDelivery d, string status, long? dueAt, string? error, long? sentAt = null, string? providerMessageId = null,
        int unattempted = 0) =>
        [d.Id, d.LeaseToken.ToString(), status, unattempted, dueAt, error is { Length: > 500 } ? error[..500] : error, sentAt, providerMessageId];
}
