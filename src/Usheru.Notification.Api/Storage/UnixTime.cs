namespace Usheru.Notification.Api.Storage;

/// <summary>Both engines store instants as unix milliseconds: portable, compact, ordered.</summary>
internal static class UnixTime
{
    public static long Now(this TimeProvider time) => time.GetUtcNow().ToUnixTimeMilliseconds();

    public static long ToUnixMs(this DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromUnixMs(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);

    public static DateTimeOffset? FromUnixMs(long? value) => value is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
}
