using Usheru.Notification.Bench.Machine;
using Usheru.Notification.Bench.Processes;

namespace Usheru.Notification.Bench.Scenarios;

/// <summary>CPU seconds a program burns with nothing to do: a fresh start, an empty queue, no requests.</summary>
internal static class IdleScenario
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    public static async Task<double> CpuSecondsAsync(Func<Task<AppProcess>> start, TimeSpan window)
    {
        await using var app = await start();
        await Task.Delay(Settle);
        var before = ProcFs.CpuSeconds(app.Pid);
        await Task.Delay(window);
        return ProcFs.CpuSeconds(app.Pid) - before;
    }
}
