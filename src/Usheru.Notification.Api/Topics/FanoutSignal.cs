using Usheru.Notification.Api.Delivery;

namespace Usheru.Notification.Api.Topics;

/// <summary>Wakes the fan-out worker when a topic notification is accepted on this instance.</summary>
internal sealed class FanoutSignal(TimeProvider time)
{
    public WorkSignal Signal { get; } = new(time);
}
