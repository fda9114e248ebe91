using System.ComponentModel.DataAnnotations;

namespace Usheru.Notification.Api.Delivery;

internal sealed class DeliveryOptions
{
    public const string Section = "Delivery";

    /// <summary>Attempts before a delivery is marked failed for good.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Deliveries in flight at once on this instance; 0 makes an instance that only serves the API.</summary>
    [Range(0, 4096)]
    public int Concurrency { get; set; } = 64;

    /// <summary>How long a claim holds before another worker may rescue the delivery.</summary>
    [Range(5, 3600)]
    public int LeaseSeconds { get; set; } = 60;

    /// <summary>On shutdown, how long in-flight deliveries may run before they are cut off and released.</summary>
    [Range(1, 120)]
    public int DrainSeconds { get; set; } = 20;

    /// <summary>
    /// Per channel (<c>email</c>, <c>sms</c>, …) settings: <c>Delivery:Channels:email:RatePerSecond</c>
    /// caps that channel for the whole cluster. Checked by <see cref="ChannelCapacityValidator"/>.
    /// </summary>
    public Dictionary<string, ChannelCapacity> Channels { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>PostgreSQL: how often this instance renews its row in <c>instances</c> and looks for dead ones.</summary>
    [Range(1, 60)]
    public int HeartbeatSeconds { get; set; } = 1;

    /// <summary>
    /// PostgreSQL: an instance that has not renewed its row for this long is dead, and its in-flight
    /// deliveries and running workflow runs are picked up by another without waiting for their leases.
    /// Keep it a few heartbeats long, so a live instance under load is never taken for dead.
    /// </summary>
    [Range(2, 600)]
    public int DeadAfterSeconds { get; set; } = 5;

    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);
}
