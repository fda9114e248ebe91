using System.Diagnostics;

namespace Usheru.Notification.Api.Tests.Support;

/// <summary>
/// Arrivals at a sink while a paced sender drains a backlog, read for what the way between them
/// did. On this machine's virtual loopback, the way stalls a few times a minute for up to 0.9 s,
/// 1.3 s on a loaded CI machine (TCP counts each as a tail-loss probe), with neither the sender's
/// nor the sink's threads stalled, then lets everything sent meanwhile through at once: the path's bunching, which no
/// sender can prevent. The path delays messages but never makes more of them, which is what
/// these measures rest on.
/// </summary>
internal sealed class PathStalls
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private readonly TimeSpan[] _arrivals;
    private readonly (int EndsAt, TimeSpan Length)[] _stalls;

    /// <param name="arrivals"><see cref="Stopwatch"/> timestamps of arrival at the sink.</param>
    /// <param name="longerThan">The longest pause the sender itself makes between two sends.</param>
    public PathStalls(IEnumerable<long> arrivals, TimeSpan longerThan)
    {
        _arrivals = [.. arrivals.Select(a => Stopwatch.GetElapsedTime(0, a)).Order()];
        _stalls = [.. Enumerable.Range(1, Math.Max(0, _arrivals.Length - 1))
            .Select(k => (EndsAt: k, Length: _arrivals[k] - _arrivals[k - 1])).Where(gap => gap.Length > longerThan)];
    }

    /// <summary>The stalls: pauses between two arrivals longer than the sender makes.</summary>
    public IReadOnlyList<TimeSpan> Gaps => [.. _stalls.Select(s => s.Length)];

    /// <summary>
    /// The most arrivals in any one-second window from arrival <paramref name="from"/> on, less
    /// what the arrivals before it had fallen behind <paramref name="perSecond"/>: the most, over
    /// any stretch of up to <see cref="Lookback"/> ending where the window starts, by which they
    /// fell short of the rate. What a stall held back lands right after it; a window that follows
    /// arrivals at the full rate gets no allowance, so a sender over its cap still shows.
    /// </summary>
    public int MostInAnySecond(int perSecond, int from)
    {
        var most = 0;
        for (int first = from, last = from; first < _arrivals.Length; first++)
        {
            while (last + 1 < _arrivals.Length && _arrivals[last + 1] - _arrivals[first] < Second)
                last++;
            most = Math.Max(most, last - first + 1 - (int)Math.Floor(Behind(first, perSecond)));
        }
        return most;
    }

    /// <summary>The longest stall this allows for: longer than any seen here (1.3 s on a loaded CI machine).</summary>
    public static readonly TimeSpan Lookback = TimeSpan.FromSeconds(3);

    /// <summary>How far the arrivals before <paramref name="first"/> fell behind the rate, at most, over the lookback.</summary>
    private double Behind(int first, int perSecond)
    {
        var at = _arrivals[first];
        var behind = 0.0;
        var count = 0;
        for (var k = first - 1; k >= 0 && at - _arrivals[k] <= Lookback; k--)
        {
            count++;
            behind = Math.Max(behind, (at - _arrivals[k]).TotalSeconds * perSecond - count);
        }
        return behind;
    }

    /// <summary>The longest stall that ended between <paramref name="from"/> and <paramref name="to"/> (<see cref="Stopwatch"/> timestamps).</summary>
    public TimeSpan LongestBetween(long from, long to)
    {
        var (start, end) = (Stopwatch.GetElapsedTime(0, from), Stopwatch.GetElapsedTime(0, to));
        return _stalls.Where(s => _arrivals[s.EndsAt] >= start && _arrivals[s.EndsAt] <= end).Select(s => s.Length).DefaultIfEmpty().Max();
    }
}
