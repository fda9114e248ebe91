using System.Text;
using Dapper;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Delivery;

/// <summary>
/// The SQL of a claim. Each channel and lane is read along its own range of the claim index
/// (<c>channel, lane, due_at</c>), at most a claim's worth each, and the database merges those
/// few: a backlog of millions on one capped channel is never scanned past to find another
/// channel's work, and scheduled transactional deliveries never stand in front of due marketing ones.
/// </summary>
internal static class ClaimStatements
{
    public const string Pending = "('queued', 'scheduled', 'retrying')";

    /// <summary>Claims up to <c>@limit</c> due deliveries of one lane of one channel, oldest first.</summary>
    public static string OneLane(IStorageEngine engine) => Update($"""
        SELECT id FROM deliveries
         WHERE channel = @channel AND lane = @lane AND status IN {Pending} AND due_at <= @now
         ORDER BY due_at LIMIT @limit {engine.ClaimLockClause}
        """);

    /// <summary>
    /// Claims up to <c>@limit</c> due deliveries of <paramref name="channels"/>: transactional ones
    /// first, then marketing, oldest first within a lane. Adds the channel parameters.
    /// </summary>
    public static string Merged(IStorageEngine engine, IReadOnlyList<string> channels, DynamicParameters parameters)
    {
        var lanes = channels.SelectMany(c => DeliveryLanes.All.Select(l => (c, l))).ToList();
        var branches = new StringBuilder();
        for (var i = 0; i < lanes.Count; i++)
        {
            Add(parameters, i, lanes[i]);
            branches.Append(i == 0 ? "" : " UNION ALL ").Append($"""
                SELECT id, lane, due_at FROM (SELECT id, lane, due_at FROM deliveries
                 WHERE channel = @c{i} AND lane = @l{i} AND status IN {Pending} AND due_at <= @now
                 ORDER BY due_at LIMIT @limit {engine.ClaimLockClause}) lane{i}
                """);
        }
        return Update($"SELECT id FROM ({branches}) due ORDER BY lane, due_at LIMIT @limit");
    }

    /// <summary>The earliest due time among the pending deliveries of the given lanes (one index probe each).</summary>
    public static string NextDue(IReadOnlyList<(string Channel, DeliveryLane Lane)> lanes, DynamicParameters parameters)
    {
        var probes = new StringBuilder();
        for (var i = 0; i < lanes.Count; i++)
        {
            Add(parameters, i, lanes[i]);
            probes.Append(i == 0 ? "" : " UNION ALL ").Append(
                $"SELECT (SELECT due_at FROM deliveries WHERE channel = @c{i} AND lane = @l{i} AND status IN {Pending} ORDER BY due_at LIMIT 1) AS due");
        }
        return $"SELECT MIN(due) FROM ({probes}) probes";
    }

    private static void Add(DynamicParameters parameters, int i, (string Channel, DeliveryLane Lane) lane)
    {
        parameters.Add($"c{i}", lane.Channel);
        parameters.Add($"l{i}", (int)lane.Lane);
    }

    private static string Update(string selection) => $"""
        UPDATE deliveries
           SET status = 'sending', attempts = attempts + 1, lease_token = @token, lease_expires_at = @expires, leased_by = @instance
         WHERE id IN ({selection})
        RETURNING id, notification_id, channel, recipient, content, attempts
        """;
}
