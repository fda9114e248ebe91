namespace Usheru.Notification.Api.Delivery;

/// <summary>What one attempt at a delivery came to, as the channel judges it.</summary>
internal abstract record DeliveryOutcome
{
    private DeliveryOutcome() { }

    /// <summary>Handed over to the far end; <paramref name="ProviderMessageId"/> is its id, when it gives one.</summary>
    public sealed record Sent(string? ProviderMessageId) : DeliveryOutcome;

    /// <summary>A transient failure: try again later, no sooner than <paramref name="RetryAfter"/> when the far end asked.</summary>
    public sealed record Retry(string Error, TimeSpan? RetryAfter = null) : DeliveryOutcome;

    /// <summary>A permanent failure: trying again cannot help.</summary>
    public sealed record Failed(string Error) : DeliveryOutcome;

    /// <summary>Not attempted: the address went on the suppression list after the delivery was written.</summary>
    public sealed record Suppressed(string Reason) : DeliveryOutcome;
}
