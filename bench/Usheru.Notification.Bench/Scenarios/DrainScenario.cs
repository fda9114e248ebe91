using System.Diagnostics;
using Usheru.Notification.Bench.Machine;
using Usheru.Notification.Bench.Processes;
using Usheru.Notification.Bench.Sinks;
using Usheru.Notification.Bench.Storage;

namespace Usheru.Notification.Bench.Scenarios;

/// <summary>
/// Starts a program over a backlog that is already queued and times it until the sink has seen
/// every delivery (or none has arrived for two minutes); then reads the program's peak memory.
/// The CPU window opens once a tenth of the backlog has arrived: the first tenth warms the JIT
/// (tiered compilation) and the pools, and is timed but not charged to CPU per unit.
/// <see cref="MeasureWarmAsync"/> instead drains a backlog of its own first, until the JIT has settled.
/// </summary>
internal static class DrainScenario
{
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(120);

    public static async Task<DrainResult> MeasureAsync(Func<Task<AppProcess>> start, Arrivals arrivals, int count, PostgresCluster? database)
    {
        arrivals.Reset();
        await using var app = await start();
        await arrivals.WaitForAsync(count / 10, Stall);
        var warm = arrivals.Count;
        var window = WindowMonitor.Start(app.Pid, database);
        await arrivals.WaitForAsync(count, Stall);
        var watched = await window.StopAsync();
        app.ThrowIfExited("the drain");
        var arrived = arrivals.Count;
        var rate = (arrived - 1) / Stopwatch.GetElapsedTime(arrivals.FirstAt, arrivals.LastAt).TotalSeconds;
        return new DrainResult(count, arrived, Stopwatch.GetElapsedTime(app.StartedAt, arrivals.LastAt), rate, app.PeakRssBytes, watched)
        {
            Measured = arrived - warm,
        };
    }

    /// <summary>
    /// For a program whose steady state is what counts: the queue holds <paramref name="warmup"/>
    /// deliveries more than <paramref name="count"/>, and the CPU window opens once the program's
    /// tiered JIT has gone quiet (<see cref="TieredJit"/>) or the extra deliveries have all arrived;
    /// it closes when <paramref name="count"/> more have. Rate and CPU are those of that window; the
    /// deliveries left in the queue are abandoned with the process.
    /// </summary>
    public static async Task<DrainResult> MeasureWarmAsync(Func<Task<AppProcess>> start, Arrivals arrivals, int count, int warmup, PostgresCluster? database)
    {
        arrivals.Reset();
        await using var app = await start();
        var (_, settled) = await TieredJit.SettleAsync(app.Pid, TimeSpan.Zero, stop: () => arrivals.Count >= warmup);
        var warm = arrivals.Count;
        // The warm-up may have run a little past its share: measure what is left, at most count.
        var target = Math.Min(warm + count, count + warmup);
        var opened = Stopwatch.GetTimestamp();
        var window = WindowMonitor.Start(app.Pid, database);
        await arrivals.WaitForAsync(target, Stall);
        var watched = await window.StopAsync();
        var measured = Stopwatch.GetElapsedTime(opened);
        app.ThrowIfExited("the drain");
        var arrived = Math.Min(arrivals.Count, target) - warm;
        return new DrainResult((int)(target - warm), arrived, measured, arrived / measured.TotalSeconds, app.PeakRssBytes, watched)
        {
            JitSettled = settled,
        };
    }
}
