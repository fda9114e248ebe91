using Dapper;
using Usheru.Notification.Api.Notifications;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Delivery;

/// <summary>
/// Replays failed deliveries: each is queued again under its own id (so receivers see the same
/// Message-ID or webhook-id and can de-duplicate) with a fresh attempt budget, and its notification
/// goes back to processing. Every replay is recorded, with the deliveries it queued, so its
/// progress can be followed; a delivery counts toward its latest replay.
/// </summary>
internal sealed class DeliveryRetries(IStorageEngine engine, TimeProvider time)
{
    /// <summary>Deliveries queued again per transaction: a replay of a million never holds the database for long.</summary>
    private const int Chunk = 1000;

    public abstract record Outcome
    {
        public sealed record Retried(DeliverySummary Delivery) : Outcome;

        public sealed record NotFailed(string Status) : Outcome;

        public sealed record NotFound : Outcome;
    }

    public async Task<Outcome> RetryAsync(string deliveryId, CancellationToken cancellationToken)
    {
        var now = time.Now();
        await using var scope = await engine.BeginWriteAsync(cancellationToken);
        var current = await scope.Connection.QuerySingleOrDefaultAsync<(string Status, string NotificationId)?>(new CommandDefinition(
            $"SELECT status, notification_id FROM deliveries WHERE id = @deliveryId {engine.RowLockClause}",
            new { deliveryId }, scope.Transaction, cancellationToken: cancellationToken));
        if (current is not { } found)
        {
            return new Outcome.NotFound();
        }
        if (found.Status != DeliveryStatus.Failed)
        {
            return new Outcome.NotFailed(found.Status);
        }
        var retryId = await RecordAsync(scope, StoredJson.Serialize(new { deliveryId }), 1, now, cancellationToken);
        await RequeueAsync(scope, "id = @deliveryId", new DynamicParameters(new { deliveryId }), retryId, now, cancellationToken);
        // Read inside the transaction: once it commits, a worker may claim the delivery before a later read.
        var retried = (await DeliveryLog.GetAsync(scope, deliveryId, cancellationToken))!.Delivery;
        await scope.CommitAsync(cancellationToken);
        return new Outcome.Retried(retried);
    }

    /// <summary>Queues again every failed delivery matching <paramref name="filter"/>; returns the replay's id and how many it queued.</summary>
    public async Task<(string Id, long Retried)> RetryAllAsync(DeliveryFilter filter, CancellationToken cancellationToken)
    {
        var now = time.Now();
        // Deliveries that fail while the replay runs are not chased: the replay ends at its start.
        filter = filter with { Status = DeliveryStatus.Failed, Until = filter.Until ?? time.GetUtcNow().AddMilliseconds(1) };
        string? retryId = null;
        long total = 0;
        while (true)
        {
            await using var scope = await engine.BeginWriteAsync(cancellationToken);
            retryId ??= await RecordAsync(scope, StoredJson.Serialize(filter), 0, now, cancellationToken);
            var parameters = new DynamicParameters(new { chunk = Chunk, retryId });
            var where = filter.Where(parameters);
            var requeued = await RequeueAsync(scope,
                $"id IN (SELECT id FROM deliveries WHERE {where} AND (retry_id IS NULL OR retry_id <> @retryId) ORDER BY id LIMIT @chunk)",
                parameters, retryId, now, cancellationToken);
            await scope.Connection.ExecuteAsync(new CommandDefinition("UPDATE delivery_retries SET retried = retried + @requeued WHERE id = @retryId",
                new { requeued, retryId }, scope.Transaction, cancellationToken: cancellationToken));
            await scope.CommitAsync(cancellationToken);
            total += requeued;
            if (requeued < Chunk)
            {
                return (retryId, total);
            }
        }
    }

    public async Task<RetryProgress?> ProgressAsync(string retryId, CancellationToken cancellationToken)
    {
        await using var connection = await engine.OpenAsync(cancellationToken);
        var retry = await connection.QuerySingleOrDefaultAsync<DeliveryLog.RetryRow>(new CommandDefinition(
            "SELECT id, filter, retried, created_at FROM delivery_retries WHERE id = @retryId", new { retryId }, cancellationToken: cancellationToken));
        if (retry is null)
        {
            return null;
        }
        var statuses = (await connection.QueryAsync<(string Status, long Count)>(new CommandDefinition(
            "SELECT status, COUNT(*) FROM deliveries WHERE retry_id = @retryId GROUP BY status ORDER BY status",
            new { retryId }, cancellationToken: cancellationToken))).ToDictionary(s => s.Status, s => s.Count);
        var pending = statuses.Where(s => s.Key is DeliveryStatus.Queued or DeliveryStatus.Scheduled or DeliveryStatus.Retrying or DeliveryStatus.Sending).Sum(s => s.Value);
        return new RetryProgress(retry.Id, retry.Retried, UnixTime.FromUnixMs(retry.CreatedAt), statuses, pending == 0);
    }

    private static async Task<string> RecordAsync(WriteScope scope, string filter, long retried, long now, CancellationToken cancellationToken)
    {
        var id = Ids.New(Ids.Retry);
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO delivery_retries (id, filter, retried, created_at) VALUES (@id, @filter, @retried, @now)",
            new { id, filter, retried, now }, scope.Transaction, cancellationToken: cancellationToken));
        return id;
    }

    /// <summary>Queues the failed deliveries <paramref name="which"/> selects and refreshes their notifications' statuses.</summary>
    private async Task<int> RequeueAsync(WriteScope scope, string which, DynamicParameters parameters, string retryId, long now,
        CancellationToken cancellationToken)
    {
        parameters.AddDynamicParams(new { retryId, now });
        // status is checked again here: under PostgreSQL's read committed, a row changed since the
        // sub-select is judged by its new version, so a delivery retried meanwhile is not queued twice.
        var notifications = (await scope.Connection.QueryAsync<string>(new CommandDefinition($"""
            UPDATE deliveries SET status = 'queued', attempts = 0, due_at = @now, retry_id = @retryId, lease_token = NULL, lease_expires_at = NULL
             WHERE {which} AND status = 'failed'
            RETURNING notification_id
            """, parameters, scope.Transaction, cancellationToken: cancellationToken))).ToList();
        if (notifications.Count > 0)
        {
            await NotificationStatus.RefreshAsync(engine, scope, notifications.Distinct(), now, cancellationToken);
            await engine.AnnounceWorkAsync(scope, cancellationToken);
        }
        return notifications.Count;
    }
}
