using Dapper;
using Usheru.Notification.Api.Channels.Webhook;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.WebhookEndpoints;

/// <summary>Webhook endpoints. Deletion is soft, so deliveries already addressed to one fail cleanly.</summary>
internal sealed class WebhookEndpointStore(IStorageEngine engine, TimeProvider time)
{
    private const string Columns = "id, url, secret, description, events, created_at, disabled_at";

    public async Task<WebhookEndpoint> CreateAsync(string url, string? description, IReadOnlyList<string> events, CancellationToken cancellationToken)
    {
        var endpoint = new WebhookEndpoint(Ids.New(Ids.WebhookEndpoint), url, WebhookSecret.Generate(), description, events, time.GetUtcNow(), null);
        await using var scope = await engine.BeginWriteAsync(cancellationToken);
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO webhook_endpoints (id, url, secret, description, events, created_at) VALUES (@Id, @Url, @Secret, @Description, @events, @createdAt)",
            new { endpoint.Id, endpoint.Url, endpoint.Secret, endpoint.Description, events = StoredJson.Serialize(events), createdAt = endpoint.CreatedAt.ToUnixMs() },
            scope.Transaction, cancellationToken: cancellationToken));
        await scope.CommitAsync(cancellationToken);
        return endpoint;
    }

    public async Task<WebhookEndpoint?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await engine.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM webhook_endpoints WHERE id = @id AND deleted_at IS NULL", new { id }, cancellationToken: cancellationToken));
        return row?.ToEndpoint();
    }

    public async Task<(IReadOnlyList<WebhookEndpoint> Items, string? Last)> ListAsync(string? after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await engine.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM webhook_endpoints WHERE deleted_at IS NULL{(after is null ? "" : " AND id < @after")} ORDER BY id DESC LIMIT @take",
            new { after, take = limit + 1 }, cancellationToken: cancellationToken))).AsList();
        var page = rows.Take(limit).Select(r => r.ToEndpoint()).ToList();
        return (page, rows.Count > limit ? page[^1].Id : null);
    }

    /// <summary>The ids among <paramref name="ids"/> that name no live, enabled endpoint.</summary>
    public async Task<IReadOnlyList<string>> UnusableAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return [];
        }
        await using var connection = await engine.OpenAsync(cancellationToken);
        var usable = (await connection.QueryAsync<string>(new CommandDefinition(
            $"SELECT id FROM webhook_endpoints WHERE id {engine.InList("@ids")} AND deleted_at IS NULL AND disabled_at IS NULL",
            new { ids = ids.ToArray() }, cancellationToken: cancellationToken))).ToHashSet();
        return [.. ids.Where(id => !usable.Contains(id))];
    }

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) =>
        StampAsync("deleted_at", id, cancellationToken);

    /// <summary>Disables an endpoint that answered 410 Gone: no further deliveries are attempted.</summary>
    public Task<bool> DisableAsync(string id, CancellationToken cancellationToken) =>
        StampAsync("disabled_at", id, cancellationToken);

    private async Task<bool> StampAsync(string column, string id, CancellationToken cancellationToken)
    {
        await using var scope = await engine.BeginWriteAsync(cancellationToken);
        var changed = await scope.Connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE webhook_endpoints SET {column} = @now WHERE id = @id AND deleted_at IS NULL AND {column} IS NULL",
            new { id, now = time.Now() }, scope.Transaction, cancellationToken: cancellationToken));
        await scope.CommitAsync(cancellationToken);
        return changed == 1;
    }

    private sealed class Row
    {
        public string Id { get; init; } = "";
        public string Url { get; init; } = "";
        public string Secret { get; init; } = "";
        public string? Description { get; init; }
        public string Events { get; init; } = "[]";
        public long CreatedAt { get; init; }
        public long? DisabledAt { get; init; }

        public WebhookEndpoint ToEndpoint() => new(Id, Url, Secret, Description, StoredJson.Deserialize<string[]>(Events),
            UnixTime.FromUnixMs(CreatedAt), UnixTime.FromUnixMs(DisabledAt));
    }
}
