using Dapper;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Channels.Inbox;

/// <summary>Recipients' inbox items: added by the inbox channel, listed and marked read through the API.</summary>
internal sealed class InboxStore(IStorageEngine engine, TimeProvider time)
{
    private const string Columns = "id, notification_id, title, body, url, created_at, read_at";

    /// <summary>
    /// Adds the item unless it is there already (a delivery tried twice makes one item) and announces
    /// it to every instance. False when the recipient no longer exists.
    /// </summary>
    public async Task<bool> AddAsync(string recipientId, InboxItem item, CancellationToken cancellationToken)
    {
        await using var scope = await engine.BeginWriteAsync(cancellationToken);
        var inserted = await scope.Connection.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO inbox_items (recipient_id, {Columns})
            SELECT @recipientId, @Id, @NotificationId, @Title, @Body, @Url, @createdAt, NULL
             WHERE EXISTS (SELECT 1 FROM recipients WHERE id = @recipientId)
            ON CONFLICT (id) DO NOTHING
            """, new { recipientId, item.Id, item.NotificationId, item.Title, item.Body, item.Url, createdAt = item.CreatedAt.ToUnixMs() },
            scope.Transaction, cancellationToken: cancellationToken));
        var exists = inserted == 1 || await scope.Connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM inbox_items WHERE id = @Id", new { item.Id }, scope.Transaction, cancellationToken: cancellationToken)) == 1;
        if (inserted == 1)
        {
            await engine.AnnounceInboxItemAsync(scope, recipientId, item.Id, cancellationToken);
        }
        await scope.CommitAsync(cancellationToken);
        return exists;
    }

    public async Task<(IReadOnlyList<InboxItem> Items, string? Last)> ListAsync(string recipientId, bool unreadOnly, string? after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await engine.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition($"""
            SELECT {Columns} FROM inbox_items
             WHERE recipient_id = @recipientId{(unreadOnly ? " AND read_at IS NULL" : "")}{(after is null ? "" : " AND id < @after")}
             ORDER BY id DESC LIMIT @take
            """, new { recipientId, after, take = limit + 1 }, cancellationToken: cancellationToken))).AsList();
        var page = rows.Take(limit).Select(r => r.ToItem()).ToList();
        return (page, rows.Count > limit ? page[^1].Id : null);
    }

    /// <summary>Items newer than <paramref name="afterId"/>, oldest first: what a reconnecting stream missed.</summary>
    public async Task<IReadOnlyList<InboxItem>> NewerThanAsync(string recipientId, string afterId, CancellationToken cancellationToken)
    {
        await using var connection = await engine.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM inbox_items WHERE recipient_id = @recipientId AND id > @afterId ORDER BY id LIMIT 100",
            new { recipientId, afterId }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToItem())];
    }

    public async Task<InboxItem?> GetAsync(string recipientId, string itemId, CancellationToken cancellationToken)
    {
        await using var connection = await engine.OpenAsync(cancellationToken);
        return (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM inbox_items WHERE recipient_id = @recipientId AND id = @itemId",
            new { recipientId, itemId }, cancellationToken: cancellationToken)))?.ToItem();
    }

    /// <summary>Marks the item read (once: the first time stays); null when there is no such item.</summary>
    public async Task<InboxItem?> MarkReadAsync(string recipientId, string itemId, CancellationToken cancellationToken)
    {
        await using (var scope = await engine.BeginWriteAsync(cancellationToken))
        {
            await scope.Connection.ExecuteAsync(new CommandDefinition(
                "UPDATE inbox_items SET read_at = @now WHERE recipient_id = @recipientId AND id = @itemId AND read_at IS NULL",
                new { recipientId, itemId, now = time.Now() }, scope.Transaction, cancellationToken: cancellationToken));
            await scope.CommitAsync(cancellationToken);
        }
        return await GetAsync(recipientId, itemId, cancellationToken);
    }

    private sealed class Row
    {
        public string Id { get; init; } = "";
        public string NotificationId { get; init; } = "";
        public string Title { get; init; } = "";
        public string? Body { get; init; }
        public string? Url { get; init; }
        public long CreatedAt { get; init; }
        public long? ReadAt { get; init; }

        public InboxItem ToItem() => new(Id, NotificationId, Title, Body, Url, UnixTime.FromUnixMs(CreatedAt), UnixTime.FromUnixMs(ReadAt));
    }
}
