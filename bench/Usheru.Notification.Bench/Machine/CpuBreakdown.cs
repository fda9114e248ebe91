namespace Usheru.Notification.Bench.Machine;

/// <summary>Average cores busy over a window of <see cref="Seconds"/>, by who was busy.</summary>
internal sealed record CpuBreakdown(double Seconds, double Target, double Postgres, double Harness, double Others)
{
    public double Idle => Math.Max(0, Environment.ProcessorCount - Target - Postgres - Harness - Others);
}
