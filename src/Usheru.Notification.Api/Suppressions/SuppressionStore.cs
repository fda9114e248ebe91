using Dapper;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Suppressions;

/// <summary>The suppression list as operators read and edit it.</summary>
internal sealed class SuppressionStore(IStorageEngine engine)
{
    public async Task<(IReadOnlyList<Suppression> Items, string? Last)> ListAsync(string? after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await engine.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition($"""
            SELECT address, reason, detail, delivery_id, created_at FROM suppressions
            {(after is null ? "" : "WHERE address > @after")} ORDER BY address LIMIT @take
            """, new { after, take = limit + 1 }, cancellationToken: cancellationToken))).AsList();
        var page = rows.Take(limit).Select(r => r.ToSuppression()).ToList();
        return (page, rows.Count > limit ? page[^1].Address : null);
    }

    /// <summary>Takes an address off the list, so email reaches it again. False when it was not listed.</summary>
    public async Task<bool> DeleteAsync(string address, CancellationToken cancellationToken)
    {
        await using var scope = await engine.BeginWriteAsync(cancellationToken);
        var deleted = await scope.Connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM suppressions WHERE address = @address", new { address = Suppression.Normalize(address) },
            scope.Transaction, cancellationToken: cancellationToken));
        await scope.CommitAsync(cancellationToken);
        return deleted == 1;
    }

    private sealed class Row
    {
        public string Address { get; init; } = "";
        public string Reason { get; init; } = "";
        public string? Detail { get; init; }
        public string? DeliveryId { get; init; }
        public long CreatedAt { get; init; }

        public Suppression ToSuppression() => new(Address, Reason, Detail, DeliveryId, UnixTime.FromUnixMs(CreatedAt));
    }
}
