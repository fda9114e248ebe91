using Dapper;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Idempotency;

/// <summary>
/// Stripe-style idempotency keys, scoped to the API key. A key is locked while its first request
/// runs; the response is stored in the same transaction as the work it describes, so a replay
/// can never describe work that did not commit.
/// </summary>
internal sealed class IdempotencyStore(IStorageEngine engine, TimeProvider time)
{
    /// <summary>How long a key is remembered.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>A lock older than this belongs to a request whose process died: the key may be taken over.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromSeconds(15);

    public async Task<IdempotencyClaim> BeginAsync(string apiKeyId, string key, string requestHash, CancellationToken cancellationToken)
    {
        var now = time.Now();
        await using var scope = await engine.BeginWriteAsync(cancellationToken);
        var args = new { apiKeyId, key, requestHash, now, expired = now - (long)Retention.TotalMilliseconds };
        // A key past its retention is forgotten even if the purge has not run yet.
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM idempotency_keys WHERE api_key_id = @apiKeyId AND idempotency_key = @key AND created_at < @expired",
            args, scope.Transaction, cancellationToken: cancellationToken));
        var inserted = await scope.Connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO idempotency_keys (api_key_id, idempotency_key, request_hash, locked_at, created_at)
            VALUES (@apiKeyId, @key, @requestHash, @now, @now) ON CONFLICT DO NOTHING
            """, args, scope.Transaction, cancellationToken: cancellationToken));
        var claim = inserted == 1 ? IdempotencyClaim.Begun : await ExistingAsync(scope, args, requestHash, now, cancellationToken);
        await scope.CommitAsync(cancellationToken);
        return claim;
    }

    /// <summary>Stores the response inside the transaction that does the work.</summary>
    public static Task CompleteAsync(WriteScope scope, string apiKeyId, string key, int status, string body, string? location, CancellationToken cancellationToken) =>
        scope.Connection.ExecuteAsync(new CommandDefinition("""
            UPDATE idempotency_keys SET response_status = @status, response_body = @body, location = @location, locked_at = NULL
             WHERE api_key_id = @apiKeyId AND idempotency_key = @key
            """, new { apiKeyId, key, status, body, location }, scope.Transaction, cancellationToken: cancellationToken));

    /// <summary>
    /// Unlocks a key whose request failed before committing, so the client may retry with it. The
    /// failure was often the database going away: one more try on a fresh connection, and if that
    /// fails too the lock lapses after <see cref="AbandonedAfter"/>.
    /// </summary>
    public async Task AbandonAsync(string apiKeyId, string key)
    {
        try
        {
            await UnlockAsync(apiKeyId, key, CancellationToken.None);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or TimeoutException)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), time);
            try
            {
                await UnlockAsync(apiKeyId, key, CancellationToken.None);
            }
            catch (Exception again) when (again is System.Data.Common.DbException or TimeoutException)
            {
                // The lock lapses by itself.
            }
        }
    }

    private async Task UnlockAsync(string apiKeyId, string key, CancellationToken cancellationToken)
    {
        await using var scope = await engine.BeginWriteAsync(cancellationToken);
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM idempotency_keys WHERE api_key_id = @apiKeyId AND idempotency_key = @key AND response_status IS NULL",
            new { apiKeyId, key }, scope.Transaction, cancellationToken: cancellationToken));
        await scope.CommitAsync(cancellationToken);
    }

    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        await using var scope = await engine.BeginWriteAsync(cancellationToken);
        var purged = await scope.Connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM idempotency_keys WHERE created_at < @expired",
            new { expired = time.Now() - (long)Retention.TotalMilliseconds }, scope.Transaction, cancellationToken: cancellationToken));
        await scope.CommitAsync(cancellationToken);
        return purged;
    }

    private static async Task<IdempotencyClaim> ExistingAsync(WriteScope scope, object args, string requestHash, long now, CancellationToken cancellationToken)
    {
        var row = await scope.Connection.QuerySingleAsync<Row>(new CommandDefinition("""
            SELECT request_hash, locked_at, response_status, response_body, location FROM idempotency_keys
             WHERE api_key_id = @apiKeyId AND idempotency_key = @key
            """, args, scope.Transaction, cancellationToken: cancellationToken));
        if (row.RequestHash != requestHash)
        {
            return IdempotencyClaim.Mismatch;
        }
        if (row.ResponseStatus is { } status)
        {
            return IdempotencyClaim.Replay((int)status, row.ResponseBody!, row.Location);
        }
        if (row.LockedAt < now - (long)AbandonedAfter.TotalMilliseconds)
        {
            await scope.Connection.ExecuteAsync(new CommandDefinition(
                "UPDATE idempotency_keys SET locked_at = @now WHERE api_key_id = @apiKeyId AND idempotency_key = @key",
                args, scope.Transaction, cancellationToken: cancellationToken));
            return IdempotencyClaim.Begun;
        }
        return IdempotencyClaim.InProgress;
    }

    private sealed class Row
    {
        public string RequestHash { get; init; } = "";
        public long? LockedAt { get; init; }
        public long? ResponseStatus { get; init; }
        public string? ResponseBody { get; init; }
        public string? Location { get; init; }
    }
}
