namespace Usheru.Notification.Api.Delivery;

/// <summary>
/// One channel's cap as a token bucket kept in a single number, the instant the bucket is (or was)
/// empty: it holds <c>min(Capacity, (now - emptyAt) × rate)</c> tokens, and taking <c>n</c> moves
/// that instant <c>n / rate</c> later. The arithmetic is in integers (microseconds, tokens per
/// 1,000 s), so the time a worker computes for "k tokens" and the tokens it then finds always
/// agree: a wake-up never finds 0.9999 of a token and spins.
/// </summary>
/// <remarks>
/// <para><see cref="Capacity"/> is the burst: a full bucket plus a second's refill bounds the sends in
/// any one-second window by <c>rate + Capacity</c>. It is 40 ms of sending (at least 2), enough that
/// a backlog is claimed in batches rather than one delivery per token.</para>
/// <para>One token is the transactional reserve: marketing never takes the last one, so a
/// transactional delivery finds a token at once unless transactional traffic alone is over the cap.</para>
/// </remarks>
internal sealed class ChannelRate
{
    /// <summary>Tokens marketing leaves in the bucket for the transactional lane.</summary>
    public const int Reserve = 1;

    private const long MicrosPerThousandSeconds = 1_000_000_000;
    private readonly long perThousandSeconds;

    public ChannelRate(string channel, double perSecond)
    {
        Channel = channel;
        PerSecond = perSecond;
        perThousandSeconds = Math.Max(1, (long)Math.Round(perSecond * 1000));
        Capacity = Math.Max(Reserve + 1, (int)Math.Ceiling(perSecond / 25));
    }

    public string Channel { get; }

    public double PerSecond { get; }

    /// <summary>The most tokens the bucket holds: the burst after a quiet spell.</summary>
    public int Capacity { get; }

    /// <summary>Whole tokens in the bucket at <paramref name="now"/> (microseconds, as <paramref name="emptyAt"/>).</summary>
    public int TokensAt(long emptyAt, long now) =>
        now <= emptyAt ? 0 : (int)Math.Min(Capacity, Math.Min(now - emptyAt, Span(Capacity)) * perThousandSeconds / MicrosPerThousandSeconds);

    /// <summary>The bucket's empty instant after taking <paramref name="count"/> tokens at <paramref name="now"/>.</summary>
    /// <remarks>A bucket that filled up is counted as just full: time beyond that earns nothing.</remarks>
    public long Take(long emptyAt, long now, int count) => Math.Max(emptyAt, now - Span(Capacity)) + Span(count);

    /// <summary>When the bucket will hold <paramref name="count"/> tokens, if nobody takes any meanwhile.</summary>
    public long WhenHolding(long emptyAt, int count) => emptyAt + Span(count);

    /// <summary>The time <paramref name="tokens"/> take to accrue, rounded up: never sooner than the rate allows.</summary>
    private long Span(long tokens) => ((tokens * MicrosPerThousandSeconds) + perThousandSeconds - 1) / perThousandSeconds;
}
