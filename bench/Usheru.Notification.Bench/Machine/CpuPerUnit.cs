namespace Usheru.Notification.Bench.Machine;

/// <summary>
/// CPU milliseconds per unit of work (a request answered, a delivery made) over one window, by
/// who spent them. Unlike a rate, this barely moves when other jobs share the machine.
/// </summary>
internal sealed record CpuPerUnit(double Target, double Postgres, double Harness)
{
    public static CpuPerUnit Of(CpuBreakdown cpu, double units)
    {
        double Ms(double cores) => units <= 0 ? double.NaN : cores * cpu.Seconds * 1000 / units;
        return new(Ms(cpu.Target), Ms(cpu.Postgres), Ms(cpu.Harness));
    }
}
