using Dapper;
using Microsoft.Extensions.Options;
using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Workflows;

/// <summary>
/// Due runs, claimed under a lease as deliveries are. A claim moves the run's due time to the
/// lease's expiry, so a run whose instance died is simply due again then: no separate rescue.
/// </summary>
internal sealed class RunQueue(IStorageEngine engine, TimeProvider time, IOptions<DeliveryOptions> options, InstanceIdentity instance)
{
    private const string Due = $"status IN {RunStatus.Unfinished} AND due_at <= @now";

    public async Task<IReadOnlyList<ClaimedRun>> ClaimAsync(int limit, CancellationToken cancellationToken)
    {
        var now = time.Now();
        var token = Guid.NewGuid().ToString();
        await using var scope = await engine.BeginWriteAsync(cancellationToken);
        var rows = (await scope.Connection.QueryAsync<Row>(new CommandDefinition($"""
            UPDATE workflow_runs SET status = '{RunStatus.Running}', lease_token = @token, due_at = @expires, waiting_for = NULL, leased_by = @instance
             WHERE id IN (SELECT id FROM workflow_runs WHERE {Due} ORDER BY due_at LIMIT @limit {engine.ClaimLockClause})
            RETURNING id, notification_id, workflow_key, workflow_version, address, step_index, state
            """, new { token, now, limit, expires = now + (long)options.Value.Lease.TotalMilliseconds, instance = instance.Id }, scope.Transaction,
            cancellationToken: cancellationToken))).AsList();
        if (rows.Count == 0)
        {
            return [];
        }
        var notificationIds = rows.Select(r => r.NotificationId).Distinct().ToArray();
        var notifications = (await scope.Connection.QueryAsync<(string Id, string Category, string Data)>(new CommandDefinition(
            $"SELECT id, category, data FROM notifications WHERE id {engine.InList("@notificationIds")}",
            new { notificationIds }, scope.Transaction, cancellationToken: cancellationToken))).ToDictionary(n => n.Id);
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE notifications SET status = 'processing' WHERE id {engine.InList("@notificationIds")} AND status IN ('accepted', 'scheduled')",
            new { notificationIds }, scope.Transaction, cancellationToken: cancellationToken));
        await scope.CommitAsync(cancellationToken);
        return [.. rows.Select(r => new ClaimedRun(r.Id, r.NotificationId, r.WorkflowKey, (int)r.WorkflowVersion,
            StoredJson.Deserialize<RunAddress>(r.Address), (int)r.StepIndex, StoredJson.Deserialize<RunState>(r.State), token,
            notifications[r.NotificationId].Category, notifications[r.NotificationId].Data))];
    }

    /// <summary>When the next run falls due, if any is waiting for a time.</summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await engine.OpenAsync(cancellationToken);
        return UnixTime.FromUnixMs(await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            $"SELECT MIN(due_at) FROM workflow_runs WHERE status IN {RunStatus.Unfinished}", cancellationToken: cancellationToken)));
    }

    /// <summary>
    /// Inside a transaction that ends deliveries: the runs waiting for one of them are due now.
    /// True when any was, so the caller can wake the workers.
    /// </summary>
    public static async Task<bool> DeliveriesEndedAsync(IStorageEngine engine, WriteScope scope, IReadOnlyCollection<string> deliveryIds, long now,
        CancellationToken cancellationToken)
    {
        if (deliveryIds.Count == 0)
        {
            return false;
        }
        var woken = await scope.Connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE workflow_runs SET due_at = @now WHERE waiting_for {engine.InList("@ids")} AND status = '{RunStatus.Waiting}'",
            new { ids = deliveryIds.ToArray(), now }, scope.Transaction, cancellationToken: cancellationToken));
        if (woken > 0)
        {
            await engine.AnnounceRunsAsync(scope, cancellationToken);
        }
        return woken > 0;
    }

    /// <summary>
    /// The safety net under <see cref="DeliveriesEndedAsync"/>: a delivery that ended while its run
    /// was deciding to wait for it (or ended by a path that wakes nobody) frees the run here.
    /// </summary>
    public async Task<int> WakeForEndedDeliveriesAsync(CancellationToken cancellationToken)
    {
        await using var scope = await engine.BeginWriteAsync(cancellationToken);
        var woken = await scope.Connection.ExecuteAsync(new CommandDefinition($"""
            UPDATE workflow_runs SET due_at = @now
             WHERE waiting_for IS NOT NULL AND status = '{RunStatus.Waiting}' AND due_at IS NULL
               AND EXISTS (SELECT 1 FROM deliveries d WHERE d.id = workflow_runs.waiting_for AND d.status NOT IN ('queued', 'scheduled', 'sending', 'retrying'))
            """, new { now = time.Now() }, scope.Transaction, cancellationToken: cancellationToken));
        await scope.CommitAsync(cancellationToken);
        return woken;
    }

    private sealed class Row
    {
        public string Id { get; init; } = "";
        public string NotificationId { get; init; } = "";
        public string WorkflowKey { get; init; } = "";
        public long WorkflowVersion { get; init; }
        public string Address { get; init; } = "";
        public long StepIndex { get; init; }
        public string State { get; init; } = "";
    }
}
