using Dapper;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Delivery;

/// <summary>
/// The <c>channel_buckets</c> rows: one per capped channel, read under a row lock inside the
/// claim's transaction and moved on before it commits. On PostgreSQL the lock makes every
/// instance's claims on that channel take turns, so together they never take more than the rate;
/// on SQLite the write gate already does.
/// </summary>
internal static class ChannelBuckets
{
    /// <summary>Locks the channel's bucket (creating it full on first use) and returns its empty instant, in unix microseconds.</summary>
    public static async Task<long> LockAsync(IStorageEngine engine, WriteScope scope, string channel, CancellationToken cancellationToken)
    {
        var select = new CommandDefinition($"SELECT empty_at FROM channel_buckets WHERE channel = @channel {engine.RowLockClause}",
            new { channel }, scope.Transaction, cancellationToken: cancellationToken);
        if (await scope.Connection.QuerySingleOrDefaultAsync<long?>(select) is { } emptyAt)
        {
            return emptyAt;
        }
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO channel_buckets (channel, empty_at) VALUES (@channel, 0) ON CONFLICT (channel) DO NOTHING",
            new { channel }, scope.Transaction, cancellationToken: cancellationToken));
        return await scope.Connection.QuerySingleAsync<long>(select);
    }

    public static Task StoreAsync(WriteScope scope, string channel, long emptyAt, CancellationToken cancellationToken) =>
        scope.Connection.ExecuteAsync(new CommandDefinition("UPDATE channel_buckets SET empty_at = @emptyAt WHERE channel = @channel",
            new { channel, emptyAt }, scope.Transaction, cancellationToken: cancellationToken));
}
