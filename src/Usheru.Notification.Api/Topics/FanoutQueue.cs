using Dapper;
using Microsoft.Extensions.Options;
using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Notifications;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Topics;

/// <summary>
/// Pending fan-outs, claimed under a lease like deliveries. Each batch of deliveries is written in
/// the same transaction that moves the fan-out's cursor past the batch's recipients, and only while
/// the lease is still held: a crash repeats at most the batch in progress, never a recipient.
/// </summary>
internal sealed class FanoutQueue(IStorageEngine engine, TimeProvider time, IOptions<DeliveryOptions> options)
{
    public async Task<ClaimedFanout?> ClaimAsync(CancellationToken cancellationToken)
    {
        var now = time.Now();
        var token = Guid.NewGuid().ToString();
        await using var scope = await engine.BeginWriteAsync(cancellationToken);
        var row = await scope.Connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"""
            UPDATE fanouts SET lease_token = @token, lease_expires_at = @expires
             WHERE notification_id IN (SELECT notification_id FROM fanouts
                                        WHERE done_at IS NULL AND (lease_expires_at IS NULL OR lease_expires_at < @now)
                                        ORDER BY notification_id LIMIT 1 {engine.ClaimLockClause})
            RETURNING notification_id, plan, after_recipient
            """, new { token, now, expires = Expires(now) }, scope.Transaction, cancellationToken: cancellationToken));
        await scope.CommitAsync(cancellationToken);
        return row is null ? null : new ClaimedFanout(row.NotificationId, StoredJson.Deserialize<FanoutPlan>(row.Plan), row.AfterRecipient, token);
    }

    /// <summary>
    /// The next recipients of the fan-out's topics after <paramref name="after"/>, each once however
    /// many topics they follow. Each topic is read along its own index range, at most a batch each,
    /// and the database merges those few: one query over all topics at once would make it sort
    /// everything past the cursor, batch after batch. The database's own order (collation) decides.
    /// </summary>
    public async Task<IReadOnlyList<string>> NextRecipientsAsync(ClaimedFanout fanout, string? after, int limit, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters(new { after, limit });
        var perTopic = fanout.Plan.Topics.Select((topic, i) =>
        {
            parameters.Add($"topic{i}", topic);
            return $"""
                SELECT recipient_id FROM (SELECT recipient_id FROM topic_subscribers
                 WHERE topic_key = @topic{i}{(after is null ? "" : " AND recipient_id > @after")}
                 ORDER BY recipient_id LIMIT @limit) t{i}
                """;
        });
        await using var connection = await engine.OpenAsync(cancellationToken);
        return [.. await connection.QueryAsync<string>(new CommandDefinition(
            $"{string.Join(" UNION ", perTopic)} ORDER BY recipient_id LIMIT @limit", parameters, cancellationToken: cancellationToken))];
    }

    /// <summary>
    /// Writes a batch and moves the cursor to <paramref name="last"/>; with <paramref name="done"/> the
    /// fan-out ends. False when the lease was lost or the notification cancelled: nothing is written.
    /// </summary>
    public async Task<bool> CommitBatchAsync(ClaimedFanout fanout, IReadOnlyList<NewDelivery> deliveries, IReadOnlyList<Workflows.NewRun> runs,
        DateTimeOffset? sendAt, string? last, int recipients, bool done, CancellationToken cancellationToken)
    {
        var now = time.Now();
        await using var scope = await engine.BeginWriteAsync(cancellationToken);
        var held = await scope.Connection.ExecuteAsync(new CommandDefinition("""
            UPDATE fanouts SET after_recipient = COALESCE(@last, after_recipient), recipients_done = recipients_done + @recipients,
                   lease_expires_at = @expires, done_at = CASE WHEN @done THEN @now ELSE NULL END
             WHERE notification_id = @id AND lease_token = @token AND done_at IS NULL
            """, new { last, recipients, expires = Expires(now), done, now, id = fanout.NotificationId, token = fanout.LeaseToken },
            scope.Transaction, cancellationToken: cancellationToken));
        if (held == 0)
        {
            return false;
        }
        var written = await NotificationWriter.InsertDeliveriesAsync(engine, scope, fanout.NotificationId, fanout.Plan.Category, deliveries, sendAt,
            UnixTime.FromUnixMs(now), cancellationToken);
        if (fanout.Plan.Workflow is { } trigger)
        {
            await Workflows.RunWriter.InsertAsync(engine, scope, fanout.NotificationId, trigger, runs, sendAt?.ToUnixMs() ?? now, now, cancellationToken);
        }
        if (written.Any(d => !d.Ended))
        {
            await engine.AnnounceWorkAsync(scope, cancellationToken);
        }
        if (done)
        {
            await NotificationStatus.RefreshAsync(engine, scope, [fanout.NotificationId], now, cancellationToken);
        }
        await scope.CommitAsync(cancellationToken);
        return true;
    }

    private long Expires(long now) => now + (long)options.Value.Lease.TotalMilliseconds;

    private sealed class Row
    {
        public string NotificationId { get; init; } = "";
        public string Plan { get; init; } = "";
        public string? AfterRecipient { get; init; }
    }
}

/// <summary>A fan-out held by this instance: its plan, where it got to, and the lease it is held by.</summary>
internal sealed record ClaimedFanout(string NotificationId, FanoutPlan Plan, string? AfterRecipient, string LeaseToken);
