using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Usheru.Notification.Bench.Sinks;

/// <summary>
/// What reached a sink: a count, the first and last arrival time, and, while tracking, when each
/// delivery id arrived. Times are <see cref="Stopwatch"/> timestamps, the clock the load
/// generators use too, so a send and its arrival are compared on one clock.
/// </summary>
internal sealed class Arrivals
{
    private long count;
    private long first;
    private long last;
    private ConcurrentDictionary<string, long>? tracked;

    public long Count => Interlocked.Read(ref count);

    public long FirstAt => Interlocked.Read(ref first);

    public long LastAt => Interlocked.Read(ref last);

    /// <summary>Forgets everything, and stops tracking ids.</summary>
    public void Reset()
    {
        tracked = null;
        Interlocked.Exchange(ref count, 0);
        Interlocked.Exchange(ref first, 0);
        Interlocked.Exchange(ref last, 0);
    }

    /// <summary>From now on, remembers when each delivery id arrives (its first arrival).</summary>
    public ConcurrentDictionary<string, long> Track() => tracked = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);

    public void Record(ReadOnlySpan<byte> deliveryId)
    {
        var now = Stopwatch.GetTimestamp();
        if (tracked is { } ids && !deliveryId.IsEmpty)
        {
            ids.TryAdd(Encoding.ASCII.GetString(deliveryId), now);
        }
        Note(now);
    }

    public void Record(string? deliveryId)
    {
        var now = Stopwatch.GetTimestamp();
        if (tracked is { } ids && !string.IsNullOrEmpty(deliveryId))
        {
            ids.TryAdd(deliveryId, now);
        }
        Note(now);
    }

    /// <summary>
    /// Waits until <paramref name="expected"/> have arrived, or gives up once none has arrived for
    /// <paramref name="stall"/>: the caller then takes the rest as never arriving.
    /// </summary>
    public async Task WaitForAsync(long expected, TimeSpan stall)
    {
        var seen = Count;
        var lastProgress = Stopwatch.GetTimestamp();
        while (Count < expected)
        {
            await Task.Delay(20);
            if (Count != seen)
            {
                seen = Count;
                lastProgress = Stopwatch.GetTimestamp();
            }
            else if (Stopwatch.GetElapsedTime(lastProgress) > stall)
            {
                return;
            }
        }
    }

    private void Note(long now)
    {
        if (Interlocked.Increment(ref count) == 1)
        {
            Interlocked.Exchange(ref first, now);
        }
        Interlocked.Exchange(ref last, now);
    }
}
