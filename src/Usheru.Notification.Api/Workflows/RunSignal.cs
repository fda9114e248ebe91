using Usheru.Notification.Api.Delivery;

namespace Usheru.Notification.Api.Workflows;

/// <summary>Wakes the workflow worker when runs become due: written by a trigger, or freed by a delivery they waited for.</summary>
internal sealed class RunSignal(TimeProvider time)
{
    public WorkSignal Signal { get; } = new(time);
}
