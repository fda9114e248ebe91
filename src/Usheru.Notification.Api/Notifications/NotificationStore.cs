using System.Data.Common;
using Dapper;
using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Notifications;

/// <summary>Notifications and their deliveries: written in one transaction, read for the API.</summary>
internal sealed class NotificationStore(IStorageEngine engine, WorkSignal workSignal)
{
    /// <summary>
    /// Writes the notification and all its deliveries, plus whatever else must commit with them
    /// (the idempotent response), and wakes the workers once it is durable.
    /// </summary>
    public async Task InsertAsync(NewNotification notification, string apiKeyId, Func<WriteScope, Task>? alsoInTransaction, CancellationToken cancellationToken)
    {
        var status = notification.SendAt is null ? NotificationStatus.Accepted : NotificationStatus.Scheduled;
        var deliveryStatus = notification.SendAt is null ? DeliveryStatus.Queued : DeliveryStatus.Scheduled;
        var dueAt = (notification.SendAt ?? notification.CreatedAt).ToUnixMs();
        await using (var scope = await engine.BeginWriteAsync(cancellationToken))
        {
            await scope.Connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO notifications (id, api_key_id, status, category, template, data, metadata, created_at, send_at)
                VALUES (@Id, @apiKeyId, @status, @Category, @Template, @Data, @Metadata, @createdAt, @sendAt)
                """,
                new { notification.Id, apiKeyId, status, notification.Category, notification.Template, notification.Data, notification.Metadata,
                      createdAt = notification.CreatedAt.ToUnixMs(), sendAt = notification.SendAt?.ToUnixMs() },
                scope.Transaction, cancellationToken: cancellationToken));
            await scope.Connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO deliveries (id, notification_id, channel, recipient, content, status, due_at)
                VALUES (@Id, @notificationId, @Channel, @To, @Content, @deliveryStatus, @dueAt)
                """,
                notification.Deliveries.Select(d => new { d.Id, notificationId = notification.Id, d.Channel, d.To, d.Content, deliveryStatus, dueAt }),
                scope.Transaction, cancellationToken: cancellationToken));
            await engine.AnnounceWorkAsync(scope, cancellationToken);
            if (alsoInTransaction is not null)
            {
                await alsoInTransaction(scope);
            }
            await scope.CommitAsync(cancellationToken);
        }
        workSignal.Notify();
    }

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
