using System.Diagnostics;

namespace Usheru.Notification.Bench.Machine;

/// <summary>
/// Whether a .NET process has finished compiling its hot paths. Tiered compilation first runs
/// methods unoptimized, then instruments the hot ones and recompiles them optimized, for tens of
/// seconds under load; a window measured meanwhile charges the JIT's work (a quarter of the
/// service's CPU in the first seconds of a drain, measured with perf) to what it counts. Programs
/// under test are started with <c>DOTNET_PerfMapEnabled=3</c>, so the runtime appends a line to
/// <c>/tmp/perf-PID.map</c> for every method it compiles: while that file grows, the JIT is busy.
/// </summary>
internal static class TieredJit
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest a warm-up waits for the JIT; a process still compiling then is measured anyway.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromSeconds(60);

    /// <summary>The runtime setting that makes <see cref="SettleAsync"/> work: a perf map, and no perfinfo file.</summary>
    public static readonly KeyValuePair<string, string> PerfMap = new("DOTNET_PerfMapEnabled", "3");

    public static string MapFile(int pid) => $"/tmp/perf-{pid}.map";

    /// <summary>
    /// Waits until the process compiled fewer than about ten methods (2 KB of map) in the last two
    /// seconds and at least <paramref name="shortest"/> has passed; or until <see cref="Longest"/>, or
    /// until <paramref name="stop"/> says there is nothing left to warm on.
    /// </summary>
    /// <returns>How long the warm-up took, and whether the JIT had settled.</returns>
    public static async Task<(TimeSpan Took, bool Settled)> SettleAsync(int pid, TimeSpan shortest, Func<bool>? stop = null)
    {
        var started = Stopwatch.GetTimestamp();
        var sizes = new Queue<long>();
        while (true)
        {
            sizes.Enqueue(File.Exists(MapFile(pid)) ? new FileInfo(MapFile(pid)).Length : 0);
            if (sizes.Count > 5)
            {
                sizes.Dequeue();
            }
            var elapsed = Stopwatch.GetElapsedTime(started);
            var quiet = sizes.Count == 5 && sizes.Last() - sizes.Peek() < 2048;
            if ((quiet && elapsed >= shortest) || elapsed >= Longest || stop?.Invoke() == true)
            {
                return (elapsed, quiet);
            }
            await Task.Delay(Poll);
        }
    }
}
