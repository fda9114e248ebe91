using Usheru.Notification.Bench.Machine;

namespace Usheru.Notification.Bench.Scenarios;

/// <param name="Arrived">How many reached the sink; fewer than <paramref name="Count"/> when some stalled.</param>
/// <param name="Duration">From starting the process to the last arrival at the sink.</param>
/// <param name="Rate">Deliveries per second between the first and the last arrival.</param>
/// <param name="PeakRssBytes">The process's <c>VmHWM</c> once the backlog was drained.</param>
internal sealed record DrainResult(int Count, long Arrived, TimeSpan Duration, double Rate, long PeakRssBytes, MonitoredWindow Window)
{
    /// <summary>The deliveries that arrived during <see cref="Window"/> (after the warm-up): what its CPU is divided by.</summary>
    public long Measured { get; init; } = Arrived;

    /// <summary>False when a warm drain's JIT was still compiling as its window opened (the warm-up backlog ran out first).</summary>
    public bool JitSettled { get; init; } = true;

    public CpuPerUnit PerDelivery => CpuPerUnit.Of(Window.Cpu, Measured);
}
