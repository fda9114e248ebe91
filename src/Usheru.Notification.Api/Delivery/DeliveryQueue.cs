using System.Text;
using Dapper;
using Microsoft.Extensions.Options;
using Usheru.Notification.Api.Events;
using Usheru.Notification.Api.Notifications;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Delivery;

/// <summary>
/// The outbox: deliveries are claimed under a lease, and only the lease holder may complete them.
/// </summary>
internal sealed class DeliveryQueue(IStorageEngine engine, ChannelRates rates, TimeProvider time, IOptions<DeliveryOptions> options, InstanceIdentity instance)
{
    /// <summary>
    /// Claims up to <paramref name="limit"/> due deliveries for one lease. Each capped channel first,
    /// no more than its bucket holds: its transactional deliveries, then marketing ones while more
    /// than the reserve token is left. Then the other channels: transactional before marketing,
    /// oldest first. Tokens are taken at the claim, so what sits claimed but unsent already counts.
    /// </summary>
    public Task<Claim> ClaimAsync(int limit, CancellationToken cancellationToken) => ClaimAsync(limit, onlyCapped: false, cancellationToken);

    /// <inheritdoc cref="ClaimAsync(int, CancellationToken)"/>
    /// <param name="onlyCapped">
    /// Only the capped channels: when the worker woke for nothing but a bucket refilling, the other
    /// channels had nothing due when it last looked, and anything written since would have woken it.
    /// </param>
    public async Task<Claim> ClaimAsync(int limit, bool onlyCapped, CancellationToken cancellationToken)
    {
        var lease = new ClaimLease(Guid.NewGuid(), time.GetUtcNow(), options.Value.Lease, instance.Id);
        var claimed = new List<ClaimedDelivery>();
        var heldBack = new List<HeldBack>();
        if (rates.Capped.Count > 0)
        {
            await using var scope = await engine.BeginWriteAsync(cancellationToken);
            var rows = new List<ClaimRow>();
            foreach (var rate in rates.Capped)
            {
                rows.AddRange(await CappedClaim.ClaimAsync(engine, scope, rate, lease, limit - rows.Count, heldBack, time, cancellationToken));
            }
            claimed.AddRange(await ClaimedNotifications.StartAsync(engine, scope, rows, lease, cancellationToken));
            await scope.CommitAsync(cancellationToken);
        }
        if (claimed.Count < limit && !onlyCapped)
        {
            await using var scope = await engine.BeginWriteAsync(cancellationToken);
            var parameters = lease.Parameters(limit - claimed.Count);
            var rows = (await scope.Connection.QueryAsync<ClaimRow>(new CommandDefinition(
                ClaimStatements.Merged(engine, rates.Uncapped, parameters), parameters, scope.Transaction, cancellationToken: cancellationToken))).AsList();
            claimed.AddRange(await ClaimedNotifications.StartAsync(engine, scope, rows, lease, cancellationToken));
            await scope.CommitAsync(cancellationToken);
        }
        return new Claim(claimed, heldBack);
    }

    /// <summary>
    /// Extends the leases still held on deliveries being worked on, so a slow far end does not get
    /// a delivery rescued, and sent twice, while its first attempt is still running.
    /// </summary>
    public async Task ExtendLeasesAsync(IReadOnlyCollection<ClaimedDelivery> held, CancellationToken cancellationToken)
    {
        if (held.Count == 0)
        {
            return;
        }
        var expires = time.Now() + (long)options.Value.Lease.TotalMilliseconds;
        await using var scope = await engine.BeginWriteAsync(cancellationToken);
        foreach (var lease in held.GroupBy(d => d.LeaseToken))
        {
            await scope.Connection.ExecuteAsync(new CommandDefinition($"""
                UPDATE deliveries SET lease_expires_at = @expires
                 WHERE id {engine.InList("@ids")} AND lease_token = @token AND status = 'sending'
                """, new { expires, ids = lease.Select(d => d.Id).ToArray(), token = lease.Key.ToString() },
                scope.Transaction, cancellationToken: cancellationToken));
        }
        await scope.CommitAsync(cancellationToken);
    }

    /// <summary>When the next pending delivery falls due, if any is pending.</summary>
    public Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken) => NextDueAsync([], cancellationToken);

    /// <summary>
    /// When the next pending delivery falls due, leaving out the lanes a claim held back: they are
    /// due already, and wait for tokens, not for time.
    /// </summary>
    public async Task<DateTimeOffset?> NextDueAsync(IReadOnlyCollection<HeldBack> heldBack, CancellationToken cancellationToken)
    {
        var lanes = ChannelRates.All.SelectMany(c => DeliveryLanes.All.Select(l => (c, l)))
            .Where(lane => !heldBack.Any(h => h.Channel == lane.c && h.Lane == lane.l)).ToList();
        if (lanes.Count == 0)
        {
            return null;
        }
        var parameters = new DynamicParameters();
        var sql = ClaimStatements.NextDue(lanes, parameters);
        await using var connection = await engine.OpenAsync(cancellationToken);
        var due = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
        return UnixTime.FromUnixMs(due);
    }

    /// <summary>
    /// Records outcomes in one transaction, with the statuses and outgoing events they lead to.
    /// Returns the ids whose lease was no longer held: their result is dropped, because another
    /// worker owns the delivery now.
    /// </summary>
    public async Task<IReadOnlyList<string>> CompleteAsync(IReadOnlyList<Completion> completions, CancellationToken cancellationToken)
    {
        var now = time.Now();
        await using var scope = await engine.BeginWriteAsync(cancellationToken);
        var recorded = new HashSet<string>();
        foreach (var chunk in MultiRowInsert.FixedChunks(completions))
        {
            // One statement per chunk, not one per delivery: a round trip each is what kept
            // PostgreSQL's backends idle in transaction. VALUES columns are column1… on both engines.
            var sql = new StringBuilder("""
                UPDATE deliveries
                   SET status = v.column3, attempts = attempts - CAST(v.column4 AS INTEGER), due_at = COALESCE(CAST(v.column5 AS BIGINT), due_at),
                       last_error = COALESCE(v.column6, CASE WHEN v.column3 = 'sent' THEN NULL ELSE last_error END),
                       sent_at = CAST(v.column7 AS BIGINT), provider_message_id = v.column8, lease_token = NULL, lease_expires_at = NULL
                  FROM (VALUES
                """);
            var parameters = new DynamicParameters();
            MultiRowInsert.AppendValues(sql, parameters, [.. chunk.Select(c => c.ToRow(now))]);
            sql.Append("""
                ) AS v
                 WHERE id = v.column1 AND lease_token = v.column2 AND status = 'sending'
                RETURNING id
                """);
            recorded.UnionWith(await scope.Connection.QueryAsync<string>(new CommandDefinition(sql.ToString(), parameters, scope.Transaction,
                cancellationToken: cancellationToken)));
        }
        var lost = completions.Where(c => !recorded.Contains(c.Delivery.Id)).Select(c => c.Delivery.Id).ToList();
        var ended = completions.Where(c => recorded.Contains(c.Delivery.Id) && c.FinalStatus is not null && c.Delivery.Channel != EventChannel.Name).ToList();
        // Only an ending can change a notification's status. Events are nobody's deliveries: they
        // change no status and raise no further events. A suppressed delivery raises none, as when
        // it is suppressed at creation.
        await OutgoingEvents.DeliveriesEndedAsync(engine, scope, [.. ended.Where(c => c.FinalStatus != DeliveryStatus.Suppressed)], now, cancellationToken);
        // Before the notifications: the order every transaction takes runs and notifications in.
        await Workflows.RunQueue.DeliveriesEndedAsync(engine, scope, [.. ended.Where(c => c.Delivery.FromWorkflow).Select(c => c.Delivery.Id)], now,
            cancellationToken);
        await NotificationStatus.RefreshAsync(engine, scope, ended.Select(c => c.Delivery.NotificationId).Distinct(), now, cancellationToken);
        await scope.CommitAsync(cancellationToken);
        return lost;
    }

    /// <summary>Puts deliveries whose lease ran out (their worker died or stalled) back in the queue.</summary>
    public async Task<int> RescueExpiredAsync(CancellationToken cancellationToken)
    {
        var now = time.Now();
        await using var scope = await engine.BeginWriteAsync(cancellationToken);
        var rescued = await scope.Connection.ExecuteAsync(new CommandDefinition("""
            UPDATE deliveries SET status = 'retrying', lease_token = NULL, lease_expires_at = NULL, due_at = @now
             WHERE status = 'sending' AND lease_expires_at < @now
            """, new { now }, scope.Transaction, cancellationToken: cancellationToken));
        await scope.CommitAsync(cancellationToken);
        return rescued;
    }

    /// <summary>Deliveries by status, for the queue-depth metric.</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountByStatusAsync(CancellationToken cancellationToken)
    {
        await using var connection = await engine.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Status, long Count)>(new CommandDefinition(
            "SELECT status, COUNT(*) FROM deliveries WHERE status IN ('queued', 'scheduled', 'retrying', 'sending') GROUP BY status",
            cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.Status, r => r.Count);
    }
}
