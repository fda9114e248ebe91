namespace Usheru.Notification.Api.Delivery;

/// <summary>
/// One channel's cap as a token bucket kept in a single number, the instant the bucket is (or was)
/// empty: it holds <c>min(Capacity, (now - emptyAt) × rate)</c> tokens, and taking <c>n</c> moves
/// that instant <c>n / rate</c> later. Every token has its own instant on that one timeline, the
/// time it accrued, shared by every instance through the database.
/// </summary>
/// <remarks>
/// <para>A delivery is sent <see cref="Pacing"/> after its token accrued (or at once, if that has
/// passed): the sends of the whole cluster follow the token timeline, one every <c>1 / rate</c>,
/// however late and in whatever batches the instances claimed them. With <see cref="Capacity"/>
/// at most 150 ms of tokens, a token is at least 100 ms short of its send time when claimed (the
/// rest of the claim's transaction fits in that), so from 8/s up a channel sends at most
/// <c>rate + 1</c> in any one second; below 8/s the bucket still holds two tokens, older than the
/// pacing, and a second may see up to <c>rate + 2</c>.</para>
/// <para>A full bucket lets a worker that comes back up to 150 ms late keep the full rate, and a
/// marketing backlog is claimed a bucketful at a time, not a delivery per token.</para>
/// <para>One token is the transactional reserve: marketing never takes the last one, so a
/// transactional delivery finds a token at once unless transactional traffic alone is over the
/// cap, and goes out at most <see cref="Pacing"/> later.</para>
/// <para>The arithmetic is in integers (microseconds, tokens per 1,000 s), so the time a worker
/// computes for "k tokens" and the tokens it then finds always agree: a wake-up never finds
/// 0.9999 of a token and spins.</para>
/// </remarks>
internal sealed class ChannelRate
{
    /// <summary>Tokens marketing leaves in the bucket for the transactional lane.</summary>
    public const int Reserve = 1;

    /// <summary>How long after its token accrued a delivery is sent.</summary>
    public static readonly TimeSpan Pacing = TimeSpan.FromMilliseconds(250);

    private const long MicrosPerThousandSeconds = 1_000_000_000;
    private static readonly long PacingMicros = (long)Pacing.TotalMicroseconds;
    private readonly long perThousandSeconds;

    public ChannelRate(string channel, double perSecond)
    {
        Channel = channel;
        PerSecond = perSecond;
        perThousandSeconds = Math.Max(1, (long)Math.Round(perSecond * 1000));
        Capacity = Math.Max(Reserve + 1, (int)Math.Floor(perSecond * 0.15));
    }

    public string Channel { get; }

    public double PerSecond { get; }

    /// <summary>The most tokens the bucket holds: 150 ms of sending, and never fewer than two.</summary>
    public int Capacity { get; }

    /// <summary>Whole tokens in the bucket at <paramref name="now"/> (microseconds, as <paramref name="emptyAt"/>).</summary>
    public int TokensAt(long emptyAt, long now) =>
        now <= emptyAt ? 0 : (int)Math.Min(Capacity, Math.Min(now - emptyAt, Span(Capacity)) * perThousandSeconds / MicrosPerThousandSeconds);

    /// <summary>The bucket's empty instant after taking <paramref name="count"/> tokens at <paramref name="now"/>.</summary>
    public long Take(long emptyAt, long now, int count) => Full(emptyAt, now) + Span(count);

    /// <summary>When each of the next <paramref name="count"/> tokens taken at <paramref name="now"/> may be sent, in order.</summary>
    public IEnumerable<long> Slots(long emptyAt, long now, int count)
    {
        var from = Full(emptyAt, now);
        return Enumerable.Range(1, count).Select(i => Math.Max(now, from + Span(i) + PacingMicros));
    }

    /// <summary>When the bucket will hold <paramref name="count"/> tokens, if nobody takes any meanwhile.</summary>
    public long WhenHolding(long emptyAt, int count) => emptyAt + Span(count);

    /// <summary>A bucket that filled up counts as just full: time beyond that earned nothing.</summary>
    private long Full(long emptyAt, long now) => Math.Max(emptyAt, now - Span(Capacity));

    /// <summary>The time <paramref name="tokens"/> take to accrue, rounded up: never sooner than the rate allows.</summary>
    private long Span(long tokens) => ((tokens * MicrosPerThousandSeconds) + perThousandSeconds - 1) / perThousandSeconds;
}
