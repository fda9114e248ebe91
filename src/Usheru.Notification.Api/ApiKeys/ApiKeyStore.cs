using Dapper;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.ApiKeys;

/// <summary>API keys, stored as hashes only.</summary>
internal sealed class ApiKeyStore(IStorageEngine engine, TimeProvider time)
{
    public async Task<(ApiKeyView Key, string Plaintext)> CreateAsync(string name, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        var id = Ids.New(Ids.ApiKey);
        var plaintext = ApiKeySecret.Generate(id);
        var view = new ApiKeyView(id, name, scopes, time.GetUtcNow());
        await using var scope = await engine.BeginWriteAsync(cancellationToken);
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO api_keys (id, name, scopes, key_hash, created_at) VALUES (@id, @name, @scopes, @hash, @createdAt)",
            new { id, name, scopes = string.Join(' ', scopes), hash = ApiKeySecret.Hash(plaintext), createdAt = view.CreatedAt.ToUnixMs() },
            scope.Transaction, cancellationToken: cancellationToken));
        await scope.CommitAsync(cancellationToken);
        return (view, plaintext);
    }

    public async Task<IReadOnlyList<ApiKeyView>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await engine.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            "SELECT id, name, scopes, key_hash, created_at FROM api_keys WHERE revoked_at IS NULL ORDER BY id", cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToView())];
    }

    /// <summary>Revokes at once: the next request with the key is refused. False when no such live key exists.</summary>
    public async Task<bool> RevokeAsync(string id, CancellationToken cancellationToken)
    {
        await using var scope = await engine.BeginWriteAsync(cancellationToken);
        var revoked = await scope.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE api_keys SET revoked_at = @now WHERE id = @id AND revoked_at IS NULL",
            new { id, now = time.Now() }, scope.Transaction, cancellationToken: cancellationToken));
        await scope.CommitAsync(cancellationToken);
        return revoked == 1;
    }

    /// <summary>Whether the key with this id exists and is not revoked.</summary>
    public async Task<bool> IsLiveAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await engine.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM api_keys WHERE id = @id AND revoked_at IS NULL", new { id }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>The live key a plaintext key belongs to, or null.</summary>
    public async Task<ApiKeyView?> AuthenticateAsync(string plaintext, CancellationToken cancellationToken)
    {
        if (ApiKeySecret.KeyIdOf(plaintext) is not { } id)
        {
            return null;
        }
        await using var connection = await engine.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT id, name, scopes, key_hash, created_at FROM api_keys WHERE id = @id AND revoked_at IS NULL",
            new { id }, cancellationToken: cancellationToken));
        return row is not null && ApiKeySecret.Matches(plaintext, row.KeyHash) ? row.ToView() : null;
    }

    private sealed class Row
    {
        public string Id { get; init; } = "";
        public string Name { get; init; } = "";
        public string Scopes { get; init; } = "";
        public string KeyHash { get; init; } = "";
        public long CreatedAt { get; init; }

        public ApiKeyView ToView() => new(Id, Name, Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries), UnixTime.FromUnixMs(CreatedAt));
    }
}
