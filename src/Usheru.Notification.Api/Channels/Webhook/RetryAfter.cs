namespace Usheru.Notification.Api.Channels.Webhook;

/// <summary>Reads the <c>Retry-After</c> response header, in either of its forms.</summary>
internal static class RetryAfter
{
    /// <summary>A receiver may slow us down, not park a delivery for days.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromHours(1);

    /// <returns>The delay asked for, at most <see cref="Longest"/>; null when none (or none in the future) is asked.</returns>
    public static TimeSpan? From(HttpResponseMessage response, TimeProvider time)
    {
        var delay = response.Headers.RetryAfter switch
        {
            { Delta: { } seconds } => seconds,
            { Date: { } date } => date - time.GetUtcNow(),
            _ => (TimeSpan?)null,
        };
        if (delay is not { } positive || positive <= TimeSpan.Zero)
            return null;
        return positive < Longest ? positive : Longest;
    }
}
