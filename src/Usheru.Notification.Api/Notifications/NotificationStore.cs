using System.Data.Common;
using Dapper;
using Usheru.Notification.Api.Events;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Notifications;

/// <summary>Notifications and their deliveries as the API reads and cancels them; <see cref="NotificationWriter"/> writes them.</summary>
internal sealed class NotificationStore(IStorageEngine engine, TimeProvider time)
{
    public async Task<NotificationView?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await engine.OpenAsync(cancellationToken);
        return await GetAsync(connection, null, id, cancellationToken);
    }

    public async Task<(IReadOnlyList<NotificationView> Items, string? Last)> ListAsync(NotificationSearch search, string? after, int limit, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters(new { after, take = limit + 1 });
        var where = new[] { search.Where(engine, parameters), after is null ? "" : "id < @after" }.Where(w => w.Length > 0).ToList();
        var filter = where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where);
        await using var connection = await engine.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<NotificationRow>(new CommandDefinition(
            $"SELECT {NotificationRow.Columns} FROM notifications {filter} ORDER BY id DESC LIMIT @take",
            parameters, cancellationToken: cancellationToken))).AsList();
        var page = rows.Take(limit).Select(r => r.ToView(null)).ToList();
        return (page, rows.Count > limit ? page[^1].Id : null);
    }

    /// <summary>Cancels every delivery not yet sending, and every unfinished workflow run. Null when the notification does not exist.</summary>
    public async Task<(NotificationView View, int Cancelled)?> CancelAsync(string id, CancellationToken cancellationToken)
    {
        await using var scope = await engine.BeginWriteAsync(cancellationToken);
        // The fan-out first: a batch committing meanwhile makes this wait, and the deliveries it
        // wrote are then seen and cancelled below; a batch coming after finds the fan-out ended.
        var cancelled = await scope.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE fanouts SET done_at = @now WHERE notification_id = @id AND done_at IS NULL",
            new { id, now = time.Now() }, scope.Transaction, cancellationToken: cancellationToken));
        cancelled += await scope.Connection.ExecuteAsync(new CommandDefinition(
            $"""
            UPDATE deliveries SET status = 'cancelled'
             WHERE notification_id = @id AND status IN ('queued', 'scheduled', 'retrying') AND channel <> '{EventChannel.Name}'
            """, new { id }, scope.Transaction, cancellationToken: cancellationToken));
        cancelled += await Workflows.RunEnding.EndAsync(engine, scope, "notification_id = @id", new { id }, Workflows.RunStatus.Cancelled, time.Now(),
            cancellationToken);
        await NotificationStatus.RefreshAsync(engine, scope, [id], time.Now(), cancellationToken);
        var view = await GetAsync(scope.Connection, scope.Transaction, id, cancellationToken);
        await scope.CommitAsync(cancellationToken);
        return view is null ? null : (view, cancelled);
    }

    /// <summary>Deliveries a notification shows inline; the rest are paged through <c>/deliveries</c>.</summary>
    public const int DeliveriesShown = 1000;

    public async Task<(IReadOnlyList<DeliveryView> Items, string? Last)?> DeliveriesAsync(string id, string? after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await engine.OpenAsync(cancellationToken);
        if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM notifications WHERE id = @id", new { id }, cancellationToken: cancellationToken)) == 0)
        {
            return null;
        }
        var rows = (await DeliveryRowsAsync(connection, null, id, after, limit + 1, cancellationToken)).ToList();
        var page = rows.Take(limit).Select(d => d.ToView()).ToList();
        return (page, rows.Count > limit ? page[^1].Id : null);
    }

    private static async Task<NotificationView?> GetAsync(DbConnection connection, DbTransaction? transaction, string id, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<NotificationRow>(new CommandDefinition(
            $"SELECT {NotificationRow.Columns} FROM notifications WHERE id = @id", new { id }, transaction, cancellationToken: cancellationToken));
        if (row is null)
        {
            return null;
        }
        // Progress first, then what it summarises: a fan-out read as done has committed every batch
        // before the deliveries are counted, so the counts are never behind it.
        var fanout = await connection.QuerySingleOrDefaultAsync<(string Topics, long RecipientsDone, long? DoneAt)?>(new CommandDefinition(
            "SELECT topics, recipients_done, done_at FROM fanouts WHERE notification_id = @id", new { id }, transaction, cancellationToken: cancellationToken));
        var deliveries = await DeliveryRowsAsync(connection, transaction, id, null, DeliveriesShown, cancellationToken);
        var counts = (await connection.QueryAsync<(string Status, long Count)>(new CommandDefinition(
            $"SELECT status, COUNT(*) FROM deliveries WHERE notification_id = @id AND channel <> '{EventChannel.Name}' GROUP BY status",
            new { id }, transaction, cancellationToken: cancellationToken))).ToDictionary(c => c.Status, c => c.Count);
        return row.ToView([.. deliveries.Select(d => d.ToView())]) with
        {
            DeliveryCounts = counts,
            Fanout = fanout is { } f ? new FanoutProgress(StoredJson.Deserialize<string[]>(f.Topics), f.RecipientsDone, f.DoneAt is not null) : null,
        };
    }

    private static Task<IEnumerable<DeliveryRow>> DeliveryRowsAsync(DbConnection connection, DbTransaction? transaction, string id, string? after, int limit,
        CancellationToken cancellationToken) =>
        connection.QueryAsync<DeliveryRow>(new CommandDefinition($"""
            SELECT id, channel, recipient, status, attempts, last_error, sent_at, provider_message_id, due_at
              FROM deliveries WHERE notification_id = @id AND channel <> '{EventChannel.Name}'{(after is null ? "" : " AND id > @after")}
             ORDER BY id LIMIT @limit
            """, new { id, after, limit }, transaction, cancellationToken: cancellationToken));
}
