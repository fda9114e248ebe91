using System.Diagnostics;

namespace Usheru.Notification.Api.Tests.Support;

/// <summary>What a rate cap promises, counted over every one-second window.</summary>
internal static class SendWindows
{
    /// <summary>The most arrivals in any one-second window, from <see cref="Stopwatch"/> timestamps.</summary>
    public static int MostInAnySecond(IEnumerable<long> arrivals) => MostInAnySecond(arrivals.Select(a => Stopwatch.GetElapsedTime(0, a)));

    /// <summary>The most events in any one-second window, from the times a (fake) clock showed at each.</summary>
    public static int MostInAnySecond(IEnumerable<DateTimeOffset> times) => MostInAnySecond(times.Select(t => t - DateTimeOffset.UnixEpoch));

    private static int MostInAnySecond(IEnumerable<TimeSpan> times)
    {
        var sorted = times.Order().ToArray();
        var most = 0;
        for (int first = 0, last = 0; last < sorted.Length; last++)
        {
            while (sorted[last] - sorted[first] >= TimeSpan.FromSeconds(1))
                first++;
            most = Math.Max(most, last - first + 1);
        }
        return most;
    }
}
