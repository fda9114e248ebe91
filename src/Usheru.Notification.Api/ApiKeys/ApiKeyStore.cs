using System.Collections.Concurrent;
using Dapper;
using Microsoft.Extensions.Options;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.ApiKeys;

/// <summary>
/// API keys, stored as hashes only. A key found live is trusted for <see cref="AuthOptions.KeyCacheSeconds"/>
/// without asking the database again (keyed by the hash of the whole key, so only the exact key
/// presented before is trusted). Revoking forgets it at once on this instance and, on PostgreSQL,
/// on every other instance as soon as the announcement reaches it (milliseconds); the trust bound
/// matters only for an instance whose notification connection was down at that moment.
/// </summary>
internal sealed class ApiKeyStore(IStorageEngine engine, TimeProvider time, IOptions<AuthOptions> options)
{
    private readonly ConcurrentDictionary<string, (ApiKeyView Key, long CheckedAt)> checkedKeys = new(StringComparer.Ordinal);

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
        if (revoked == 1)
        {
            await engine.AnnounceKeyRevokedAsync(scope, id, cancellationToken);
        }
        await scope.CommitAsync(cancellationToken);
        Forget(id);
        return revoked == 1;
    }

    /// <summary>Stops trusting the key with this id until the database has been asked again.</summary>
    public void Forget(string id)
    {
        foreach (var entry in checkedKeys.Where(e => e.Value.Key.Id == id))
        {
            checkedKeys.TryRemove(entry);
        }
    }

    /// <summary>Stops trusting every key: announcements may have been missed.</summary>
    public void ForgetAll() => checkedKeys.Clear();

    /// <summary>Whether the key with this id exists and is not revoked.</summary>
    public async Task<bool> IsLiveAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await engine.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM api_keys WHERE id = @id AND revoked_at IS NULL", new { id }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>The live key a plaintext key belongs to, or null.</summary>
    public Task<ApiKeyView?> AuthenticateAsync(string plaintext, CancellationToken cancellationToken) =>
        AuthenticateAsync(plaintext, System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(plaintext)), cancellationToken);

    /// <summary>The live key a plaintext key belongs to, or null. <paramref name="hash"/> is SHA-256 of <paramref name="plaintext"/>.</summary>
    public async Task<ApiKeyView?> AuthenticateAsync(string plaintext, byte[] hash, CancellationToken cancellationToken)
    {
        if (ApiKeySecret.KeyIdOf(plaintext) is not { } id)
        {
            return null;
        }
        var hex = Convert.ToHexStringLower(hash);
        var now = time.GetTimestamp();
        var trustFor = TimeSpan.FromSeconds(options.Value.KeyCacheSeconds);
        if (checkedKeys.TryGetValue(hex, out var known) && time.GetElapsedTime(known.CheckedAt, now) < trustFor)
        {
            return known.Key;
        }
        await using var connection = await engine.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT id, name, scopes, key_hash, created_at FROM api_keys WHERE id = @id AND revoked_at IS NULL",
            new { id }, cancellationToken: cancellationToken));
        if (row is null || !ApiKeySecret.MatchesHash(hex, row.KeyHash))
        {
            checkedKeys.TryRemove(hex, out _);
            return null;
        }
        var key = row.ToView();
        if (trustFor > TimeSpan.Zero)
        {
            checkedKeys[hex] = (key, now);
        }
        return key;
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
