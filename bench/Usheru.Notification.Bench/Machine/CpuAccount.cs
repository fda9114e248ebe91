using System.Diagnostics;

namespace Usheru.Notification.Bench.Machine;

/// <summary>
/// Splits the machine's CPU over one measured window: the process under test, the PostgreSQL
/// server, this harness (load generators, sinks, and the wrk it ran), and everything else running
/// on the box meanwhile.
/// </summary>
internal sealed class CpuAccount
{
    private readonly int targetPid;
    private readonly int? postgresPid;
    private readonly long startedAt = Stopwatch.GetTimestamp();
    private readonly double target;
    private readonly Dictionary<int, double> postgres;
    private readonly double harness;
    private readonly double machine;

    private CpuAccount(int targetPid, int? postgresPid)
    {
        this.targetPid = targetPid;
        this.postgresPid = postgresPid;
        target = ProcFs.CpuSeconds(targetPid);
        postgres = PostgresCpu();
        harness = HarnessCpu();
        machine = ProcFs.MachineBusySeconds();
    }

    /// <param name="postgresPid">The postmaster, whose children are the server's backends and helpers; null when PostgreSQL plays no part.</param>
    public static CpuAccount Start(int targetPid, int? postgresPid) => new(targetPid, postgresPid);

    public CpuBreakdown Stop()
    {
        var seconds = Stopwatch.GetElapsedTime(startedAt).TotalSeconds;
        var targetUsed = ProcFs.CpuSeconds(targetPid) - target;
        var postgresUsed = PostgresCpu().Sum(p => p.Value - postgres.GetValueOrDefault(p.Key));
        var harnessUsed = HarnessCpu() - harness;
        var machineUsed = ProcFs.MachineBusySeconds() - machine;
        var others = Math.Max(0, machineUsed - targetUsed - postgresUsed - harnessUsed);
        return new CpuBreakdown(seconds, targetUsed / seconds, postgresUsed / seconds, harnessUsed / seconds, others / seconds);
    }

    // wrk has been reaped by the time the window closes, so its CPU shows in the harness's children.
    private static double HarnessCpu() => ProcFs.CpuSeconds(Environment.ProcessId, withReapedChildren: true);

    private Dictionary<int, double> PostgresCpu()
    {
        if (postgresPid is not { } postmaster)
        {
            return [];
        }
        return ProcFs.AllPids()
            .Where(pid => pid == postmaster || ProcFs.ParentOf(pid) == postmaster)
            .ToDictionary(pid => pid, pid => ProcFs.CpuSeconds(pid));
    }
}
