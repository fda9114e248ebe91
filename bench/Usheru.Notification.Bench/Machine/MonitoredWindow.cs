namespace Usheru.Notification.Bench.Machine;

/// <param name="PostgresWaits">The commonest states of PostgreSQL's busy backends, when PostgreSQL took part.</param>
internal sealed record MonitoredWindow(CpuBreakdown Cpu, string? PostgresWaits);
