using Usheru.Notification.Bench.Storage;

namespace Usheru.Notification.Bench.Machine;

/// <summary>Watches a measured window: who used the CPU, and what PostgreSQL's backends waited on when it took part.</summary>
internal sealed class WindowMonitor
{
    private readonly CpuAccount cpu;
    private readonly PostgresWaitSampler? waits;

    private WindowMonitor(int targetPid, PostgresCluster? postgres)
    {
        cpu = CpuAccount.Start(targetPid, postgres?.PostmasterPid);
        waits = postgres is null ? null : PostgresWaitSampler.Start(postgres);
    }

    /// <param name="postgres">The server the program under test uses; null for SQLite or none.</param>
    public static WindowMonitor Start(int targetPid, PostgresCluster? postgres) => new(targetPid, postgres);

    public async Task<MonitoredWindow> StopAsync()
    {
        var split = cpu.Stop();
        if (waits is null)
        {
            return new MonitoredWindow(split, null);
        }
        await using (waits)
        {
            return new MonitoredWindow(split, await waits.StopAsync());
        }
    }
}
