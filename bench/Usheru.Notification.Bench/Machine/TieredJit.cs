using System.Diagnostics;

namespace Usheru.Notification.Bench.Machine;

/// <summary>
/// Whether a .NET process has finished compiling its hot paths. Tiered compilation first runs
/// methods unoptimized, then instruments the hot ones and recompiles them optimized on the
/// runtime's background thread ".NET Tiered Compilation" (<c>comm</c> ".NET Tiered Com"). Until that
/// thread goes quiet, a measured window would charge the JIT's work (a quarter of the service's CPU
/// in the first seconds of a drain, measured with perf) to the requests or deliveries it counts.
/// </summary>
internal static class TieredJit
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest a warm-up waits for the JIT; a process still compiling then is measured anyway.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Waits until the tiering thread used less than 20 ms of CPU over the last two seconds (it is
    /// idle, though still woken now and then), and at least <paramref name="shortest"/> has passed;
    /// or until <see cref="Longest"/>, or <paramref name="stop"/> says there is nothing left to warm on.
    /// </summary>
    /// <returns>How long the warm-up took.</returns>
    public static async Task<TimeSpan> SettleAsync(int pid, TimeSpan shortest, Func<bool>? stop = null)
    {
        var started = Stopwatch.GetTimestamp();
        var samples = new Queue<double>();
        while (true)
        {
            samples.Enqueue(CompilerCpuSeconds(pid));
            if (samples.Count > 5)
            {
                samples.Dequeue();
            }
            var elapsed = Stopwatch.GetElapsedTime(started);
            var quiet = samples.Count == 5 && samples.Last() - samples.Peek() < 0.02;
            if ((quiet && elapsed >= shortest) || elapsed >= Longest || stop?.Invoke() == true)
            {
                return elapsed;
            }
            await Task.Delay(Poll);
        }
    }

    private static double CompilerCpuSeconds(int pid)
    {
        try
        {
            return Directory.EnumerateDirectories($"/proc/{pid}/task")
                .Where(task => File.ReadAllText(Path.Combine(task, "comm")).StartsWith(".NET Tiered Com", StringComparison.Ordinal))
                .Sum(task => ProcFs.CpuSeconds(int.Parse(Path.GetFileName(task), System.Globalization.CultureInfo.InvariantCulture)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0; // the process or the thread has gone
        }
    }
}
