namespace Usheru.Notification.Api.Storage;

/// <summary>Both engines store instants as unix milliseconds: portable, compact, ordered.</summary>
internal static class UnixTime
{
    public static long Now(this TimeProvider time) => time.GetUtcNow().ToUnixTimeMilliseconds();

    public static long ToUnixMs(this DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromUnixMs(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);

    public static DateTimeOffset? FromUnixMs(long? value) => value is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;

    /// <summary>Microseconds, for channel rate buckets: at a high rate a token is worth less than a millisecond.</summary>
    public static long ToUnixMicros(this DateTimeOffset value) => (value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;

    public static DateTimeOffset FromUnixMicros(long value) => DateTimeOffset.UnixEpoch.AddTicks(value * TimeSpan.TicksPerMicrosecond);
}
