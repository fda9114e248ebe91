using Dapper;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Templates;

/// <summary>Stored templates, one JSON document per key.</summary>
internal sealed class TemplateStore(IStorageEngine engine, TimeProvider time)
{
    /// <summary>Creates or replaces the template; true when it was created.</summary>
    public async Task<(StoredTemplate Template, bool Created)> PutAsync(string key, string? name, string category, ChannelTemplates channels,
        IReadOnlyDictionary<string, ChannelTemplates> locales, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var scope = await engine.BeginWriteAsync(cancellationToken);
        var createdAt = await scope.Connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT created_at FROM templates WHERE template_key = @key", new { key }, scope.Transaction, cancellationToken: cancellationToken));
        var template = new StoredTemplate(key, name, category, channels, locales, createdAt is { } c ? UnixTime.FromUnixMs(c) : now, now);
        await scope.Connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO templates (template_key, name, category, body, created_at, updated_at)
            VALUES (@key, @name, @category, @body, @createdAt, @updatedAt)
            ON CONFLICT (template_key) DO UPDATE SET name = @name, category = @category, body = @body, updated_at = @updatedAt
            """,
            new { key, name, category, body = StoredJson.Serialize(new Body(channels, locales)), createdAt = template.CreatedAt.ToUnixMs(), updatedAt = now.ToUnixMs() },
            scope.Transaction, cancellationToken: cancellationToken));
        await scope.CommitAsync(cancellationToken);
        return (template, createdAt is null);
    }

    public async Task<StoredTemplate?> GetAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await engine.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT template_key, name, category, body, created_at, updated_at FROM templates WHERE template_key = @key",
            new { key }, cancellationToken: cancellationToken));
        if (row is null)
        {
            return null;
        }
        var body = StoredJson.Deserialize<Body>(row.Body);
        return new StoredTemplate(row.TemplateKey, row.Name, row.Category, body.Channels, body.Locales,
            UnixTime.FromUnixMs(row.CreatedAt), UnixTime.FromUnixMs(row.UpdatedAt));
    }

    /// <summary>Every template's key, name and category, by key: a list for people, not for fan-out.</summary>
    public async Task<IReadOnlyList<(string Key, string? Name, string Category, DateTimeOffset UpdatedAt)>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await engine.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Key, string? Name, string Category, long UpdatedAt)>(new CommandDefinition(
            "SELECT template_key, name, category, updated_at FROM templates ORDER BY template_key LIMIT @limit", new { limit }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => (r.Key, r.Name, r.Category, UnixTime.FromUnixMs(r.UpdatedAt)))];
    }

    private sealed record Body(ChannelTemplates Channels, IReadOnlyDictionary<string, ChannelTemplates> Locales);

    private sealed class Row
    {
        public string TemplateKey { get; init; } = "";
        public string? Name { get; init; }
        public string Category { get; init; } = "";
        public string Body { get; init; } = "";
        public long CreatedAt { get; init; }
        public long UpdatedAt { get; init; }
    }
}
