using System.Data.Common;
using Dapper;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Notifications;

/// <summary>Notifications and their deliveries as the API reads and cancels them; <see cref="NotificationWriter"/> writes them.</summary>
internal sealed class NotificationStore(IStorageEngine engine)
{
    public async Task<NotificationView?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await engine.OpenAsync(cancellationToken);
        return await GetAsync(connection, null, id, cancellationToken);
    }

    public async Task<(IReadOnlyList<NotificationView> Items, string? Last)> ListAsync(string? status, string? after, int limit, CancellationToken cancellationToken)
    {
        var where = new List<string>();
        if (status is not null)
        {
            where.Add("status = @status");
        }
        if (after is not null)
        {
            where.Add("id < @after");
        }
        var filter = where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where);
        await using var connection = await engine.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<NotificationRow>(new CommandDefinition(
            $"SELECT {NotificationRow.Columns} FROM notifications {filter} ORDER BY id DESC LIMIT @take",
            new { status, after, take = limit + 1 }, cancellationToken: cancellationToken))).AsList();
        var page = rows.Take(limit).Select(r => r.ToView(null)).ToList();
        return (page, rows.Count > limit ? page[^1].Id : null);
    }

    /// <summary>Cancels every delivery not yet sending. Null when the notification does not exist.</summary>
    public async Task<(NotificationView View, int Cancelled)?> CancelAsync(string id, CancellationToken cancellationToken)
    {
        await using var scope = await engine.BeginWriteAsync(cancellationToken);
        var cancelled = await scope.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE deliveries SET status = 'cancelled' WHERE notification_id = @id AND status IN ('queued', 'scheduled', 'retrying')",
            new { id }, scope.Transaction, cancellationToken: cancellationToken));
        await NotificationStatus.RefreshAsync(engine, scope, [id], cancellationToken);
        var view = await GetAsync(scope.Connection, scope.Transaction, id, cancellationToken);
        await scope.CommitAsync(cancellationToken);
        return view is null ? null : (view, cancelled);
    }

    private static async Task<NotificationView?> GetAsync(DbConnection connection, DbTransaction? transaction, string id, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<NotificationRow>(new CommandDefinition(
            $"SELECT {NotificationRow.Columns} FROM notifications WHERE id = @id", new { id }, transaction, cancellationToken: cancellationToken));
        if (row is null)
        {
            return null;
        }
        var deliveries = await connection.QueryAsync<DeliveryRow>(new CommandDefinition("""
            SELECT id, channel, recipient, status, attempts, last_error, sent_at, provider_message_id, due_at
              FROM deliveries WHERE notification_id = @id ORDER BY id
            """, new { id }, transaction, cancellationToken: cancellationToken));
        return row.ToView([.. deliveries.Select(d => d.ToView())]);
    }
}
