using Microsoft.Extensions.Options;

namespace Usheru.Notification.Api.Delivery;

/// <summary>
/// Exponential backoff (10 s, 30 s, 90 s, … capped at 2 h) with ±20 % jitter, so a far end that
/// comes back is not hit by every retry at once; a far end's Retry-After is a floor.
/// With the default 8 attempts a delivery keeps trying for about three hours.
/// </summary>
internal sealed class RetrySchedule(IOptions<DeliveryOptions> options)
{
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan LongestDelay = TimeSpan.FromHours(2);
    public const double Jitter = 0.2;

    /// <summary>Whether a delivery that has made <paramref name="attempts"/> attempts may try again.</summary>
    public bool MayRetry(int attempts) => attempts < options.Value.MaxAttempts;

    /// <summary>How long to wait after attempt number <paramref name="attempt"/> (1-based) failed.</summary>
    public static TimeSpan DelayAfter(int attempt, TimeSpan? retryAfter = null)
    {
        var exponential = FirstDelay.TotalSeconds * Math.Pow(3, Math.Clamp(attempt - 1, 0, 20));
        var capped = Math.Min(exponential, LongestDelay.TotalSeconds);
        var jittered = capped * (1 + ((Random.Shared.NextDouble() * 2) - 1) * Jitter);
        var delay = TimeSpan.FromSeconds(jittered);
        return retryAfter is { } floor && floor > delay ? floor : delay;
    }
}
