using System.Data.Common;
using Dapper;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Delivery;

/// <summary>Deliveries across notifications, as the operator API and the console read them.</summary>
internal sealed class DeliveryLog(IStorageEngine engine)
{
    private const string Columns =
        "id, notification_id, channel, recipient, recipient_id, status, attempts, last_error, sent_at, provider_message_id, due_at, retry_id";

    /// <summary>A page of matching deliveries, newest first.</summary>
    public async Task<(IReadOnlyList<DeliverySummary> Items, string? Last)> ListAsync(DeliveryFilter filter, string? before, int limit,
        CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters(new { before, take = limit + 1 });
        var where = filter.Where(parameters) + (before is null ? "" : " AND id < @before");
        await using var connection = await engine.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM deliveries WHERE {where} ORDER BY id DESC LIMIT @take", parameters, cancellationToken: cancellationToken))).AsList();
        var page = rows.Take(limit).Select(r => r.ToSummary()).ToList();
        return (page, rows.Count > limit ? page[^1].Id : null);
    }

    public async Task<DeliveryDetail?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await engine.OpenAsync(cancellationToken);
        return await GetAsync(connection, null, id, cancellationToken);
    }

    /// <summary>The delivery as <paramref name="scope"/> sees it, before a worker can claim what it changed.</summary>
    public static Task<DeliveryDetail?> GetAsync(WriteScope scope, string id, CancellationToken cancellationToken) =>
        GetAsync(scope.Connection, scope.Transaction, id, cancellationToken);

    private static async Task<DeliveryDetail?> GetAsync(DbConnection connection, DbTransaction? transaction, string id,
        CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns}, content FROM deliveries WHERE id = @id", new { id }, transaction, cancellationToken: cancellationToken));
        if (row is null)
        {
            return null;
        }
        var retry = row.RetryId is null ? null : await connection.QuerySingleOrDefaultAsync<RetryRow>(new CommandDefinition(
            "SELECT id, filter, retried, created_at FROM delivery_retries WHERE id = @RetryId", row, transaction, cancellationToken: cancellationToken));
        return new DeliveryDetail(row.ToSummary(), row.Content, retry?.ToRetry());
    }

    /// <summary>Deliveries created in [<paramref name="since"/>, <paramref name="until"/>), by channel and status.</summary>
    public async Task<IReadOnlyList<(string Channel, string Status, long Count)>> CountAsync(DateTimeOffset since, DateTimeOffset until,
        CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters();
        var where = new DeliveryFilter(Since: since, Until: until).Where(parameters);
        await using var connection = await engine.OpenAsync(cancellationToken);
        return [.. await connection.QueryAsync<(string, string, long)>(new CommandDefinition(
            $"SELECT channel, status, COUNT(*) FROM deliveries WHERE {where} GROUP BY channel, status ORDER BY channel, status",
            parameters, cancellationToken: cancellationToken))];
    }

    /// <summary>
    /// Deliveries created in each of <paramref name="buckets"/> consecutive periods ending at
    /// <paramref name="until"/>, by status: one pass over the id range, bucketed by id bounds.
    /// </summary>
    public async Task<IReadOnlyList<(DateTimeOffset Start, string Status, long Count)>> HistogramAsync(DateTimeOffset until, TimeSpan period, int buckets,
        CancellationToken cancellationToken)
    {
        var since = until - (period * buckets);
        var parameters = new DynamicParameters();
        var where = new DeliveryFilter(Since: since, Until: until).Where(parameters);
        var cases = string.Join(" ", Enumerable.Range(1, buckets - 1).Select(b =>
        {
            parameters.Add($"b{b}", DeliveryFilter.IdAt(Ids.Delivery, since + (period * b)));
            return $"WHEN id < @b{b} THEN {b - 1}";
        }));
        await using var connection = await engine.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Bucket, string Status, long Count)>(new CommandDefinition($"""
            SELECT bucket, status, COUNT(*) FROM (SELECT CASE {cases} ELSE {buckets - 1} END AS bucket, status FROM deliveries WHERE {where}) b
             GROUP BY bucket, status
            """, parameters, cancellationToken: cancellationToken));
        return [.. rows.Select(r => (since + (period * r.Bucket), r.Status, r.Count))];
    }

    /// <summary>Failed deliveries matching <paramref name="filter"/>, grouped by channel and error, largest groups first.</summary>
    public async Task<IReadOnlyList<FailureGroup>> FailureGroupsAsync(DeliveryFilter filter, int limit, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters(new { limit });
        var where = (filter with { Status = DeliveryStatus.Failed }).Where(parameters);
        await using var connection = await engine.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Channel, string? LastError, long Count, string Latest)>(new CommandDefinition($"""
            SELECT channel, last_error, COUNT(*) AS n, MAX(id) FROM deliveries WHERE {where}
             GROUP BY channel, last_error ORDER BY n DESC, channel LIMIT @limit
            """, parameters, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new FailureGroup(r.Channel, r.LastError, r.Count, DeliveryFilter.CreatedAt(r.Latest)))];
    }

    private sealed class Row
    {
        public string Id { get; init; } = "";
        public string NotificationId { get; init; } = "";
        public string Channel { get; init; } = "";
        public string Recipient { get; init; } = "";
        public string? RecipientId { get; init; }
        public string Status { get; init; } = "";
        public long Attempts { get; init; }
        public string? LastError { get; init; }
        public long? SentAt { get; init; }
        public string? ProviderMessageId { get; init; }
        public long DueAt { get; init; }
        public string? RetryId { get; init; }
        public string Content { get; init; } = "{}";

        public DeliverySummary ToSummary() => new(Id, NotificationId, Channel, Recipient, RecipientId, Status, (int)Attempts, LastError,
            DeliveryFilter.CreatedAt(Id), UnixTime.FromUnixMs(SentAt), ProviderMessageId,
            Status is "retrying" or "scheduled" or "queued" ? UnixTime.FromUnixMs(DueAt) : null, RetryId);
    }

    internal sealed class RetryRow
    {
        public string Id { get; init; } = "";
        public string Filter { get; init; } = "{}";
        public long Retried { get; init; }
        public long CreatedAt { get; init; }

        public DeliveryRetry ToRetry() => new(Id, Filter, Retried, UnixTime.FromUnixMs(CreatedAt));
    }
}
