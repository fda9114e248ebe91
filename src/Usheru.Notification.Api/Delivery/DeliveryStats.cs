namespace Usheru.Notification.Api.Delivery;

/// <summary>
/// <c>GET /v1/stats</c>: deliveries created in the window by channel and status, and what waits in
/// the queue now (whenever it was created).
/// </summary>
internal sealed record DeliveryStats(
    DateTimeOffset Since,
    DateTimeOffset Until,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Channels,
    IReadOnlyDictionary<string, long> QueueDepth)
{
    public static readonly string[] QueueStatuses = ["queued", "scheduled", "retrying", "sending"];

    public static DeliveryStats From(DateTimeOffset since, DateTimeOffset until, IEnumerable<(string Channel, string Status, long Count)> counts,
        IReadOnlyDictionary<string, long> queue) => new(
        since,
        until,
        counts.GroupBy(c => c.Channel).ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, long>)g.ToDictionary(c => c.Status, c => c.Count)),
        QueueStatuses.ToDictionary(s => s, s => queue.GetValueOrDefault(s)));
}
