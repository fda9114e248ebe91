using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Options;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Channels.WebPush;

/// <summary>
/// The VAPID key pair: the configured one, or one generated on first use and kept in the
/// <c>settings</c> table, so that every instance signs with the key browsers subscribed with.
/// </summary>
internal sealed class VapidKeyStore(IStorageEngine engine, IOptions<WebPushOptions> options) : IDisposable
{
    public const string PublicKeySetting = "webpush.public_key";
    public const string PrivateKeySetting = "webpush.private_key";

    private readonly SemaphoreSlim gate = new(1, 1);
    private VapidKeyPair? keys;

    /// <exception cref="InvalidOperationException">The stored keys do not form a pair.</exception>
    public async ValueTask<VapidKeyPair> GetAsync(CancellationToken cancellationToken)
    {
        if (keys is { } known)
            return known;
        await gate.WaitAsync(cancellationToken);
        try
        {
            // Not cached until found, so a database that is down now is asked again next time.
            return keys ??= options.Value.ConfiguredKeys ?? await LoadOrCreateAsync(cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();

    private async Task<VapidKeyPair> LoadOrCreateAsync(CancellationToken cancellationToken)
    {
        await using (var connection = await engine.OpenAsync(cancellationToken))
        {
            if (await ReadAsync(connection, null, cancellationToken) is { } stored)
                return stored;
        }

        // Instances starting together may all get here: the first to commit wins, the others'
        // inserts do nothing (always in this order, so none waits on another crosswise), and
        // every instance reads back the winner.
        var generated = VapidKeyPair.Generate();
        await using var scope = await engine.BeginWriteAsync(cancellationToken);
        foreach (var (name, value) in new[] { (PublicKeySetting, generated.PublicKey), (PrivateKeySetting, generated.PrivateKey) })
        {
            await scope.Connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO settings (name, value) VALUES (@name, @value) ON CONFLICT (name) DO NOTHING",
                new { name, value }, scope.Transaction, cancellationToken: cancellationToken));
        }
        var winner = await ReadAsync(scope.Connection, scope.Transaction, cancellationToken);
        await scope.CommitAsync(cancellationToken);
        return winner ?? throw new InvalidOperationException("The VAPID keys just stored cannot be read back.");
    }

    private static async Task<VapidKeyPair?> ReadAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var settings = (await connection.QueryAsync<Setting>(new CommandDefinition(
            "SELECT name, value FROM settings WHERE name = @PublicKeySetting OR name = @PrivateKeySetting",
            new { PublicKeySetting, PrivateKeySetting }, transaction, cancellationToken: cancellationToken)))
            .ToDictionary(s => s.Name, s => s.Value);
        if (!settings.TryGetValue(PublicKeySetting, out var publicKey) || !settings.TryGetValue(PrivateKeySetting, out var privateKey))
            return null;
        var pair = new VapidKeyPair(publicKey, privateKey);
        return pair.IsValid()
            ? pair
            : throw new InvalidOperationException($"The settings {PublicKeySetting} and {PrivateKeySetting} do not form a P-256 key pair.");
    }

    private sealed class Setting
    {
        public string Name { get; init; } = "";
        public string Value { get; init; } = "";
    }
}
