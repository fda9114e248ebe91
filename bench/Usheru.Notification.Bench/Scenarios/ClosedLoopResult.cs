using Usheru.Notification.Bench.Load;
using Usheru.Notification.Bench.Machine;

namespace Usheru.Notification.Bench.Scenarios;

internal sealed record ClosedLoopResult(WrkResult Load, MonitoredWindow Window)
{
    public CpuPerUnit PerRequest => CpuPerUnit.Of(Window.Cpu, Load.SuccessRate * Window.Cpu.Seconds);
}
