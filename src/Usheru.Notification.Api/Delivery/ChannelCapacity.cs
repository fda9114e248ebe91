namespace Usheru.Notification.Api.Delivery;

/// <summary>One channel's settings, <c>Delivery:Channels:{channel}</c>.</summary>
internal sealed class ChannelCapacity
{
    /// <summary>The most sends per second on this channel, every instance together. Over it, deliveries wait.</summary>
    public double? RatePerSecond { get; set; }
}
