using System.Data.Common;
using Dapper;

namespace Usheru.Notification.Api.Storage;

/// <summary>
/// Values the service makes for itself on first use and keeps in the <c>settings</c> table, so
/// every instance uses the same ones. Instances starting together may each generate them: the
/// first insert wins and everyone reads back the winner.
/// </summary>
internal static class GeneratedSetting
{
    public static async Task<string> GetOrCreateAsync(IStorageEngine engine, string name, Func<string> generate, CancellationToken cancellationToken) =>
        (await GetOrCreateAsync(engine, [name], () => [generate()], cancellationToken))[0];

    /// <summary>
    /// Values made together (a key pair), in the order of <paramref name="names"/>. They are
    /// inserted in that order, so instances starting together never wait on each other crosswise.
    /// </summary>
    public static async Task<string[]> GetOrCreateAsync(IStorageEngine engine, string[] names, Func<string[]> generate, CancellationToken cancellationToken)
    {
        await using (var connection = await engine.OpenAsync(cancellationToken))
        {
            if (await ReadAsync(engine, connection, null, names, cancellationToken) is { } stored)
            {
                return stored;
            }
        }
        var values = generate();
        await using var scope = await engine.BeginWriteAsync(cancellationToken);
        for (var i = 0; i < names.Length; i++)
        {
            await scope.Connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO settings (name, value) VALUES (@name, @value) ON CONFLICT (name) DO NOTHING",
                new { name = names[i], value = values[i] }, scope.Transaction, cancellationToken: cancellationToken));
        }
        var winner = await ReadAsync(engine, scope.Connection, scope.Transaction, names, cancellationToken);
        await scope.CommitAsync(cancellationToken);
        return winner ?? throw new InvalidOperationException($"The settings {string.Join(", ", names)} just stored cannot be read back.");
    }

    /// <summary>The stored values, or null unless every one of <paramref name="names"/> is stored.</summary>
    private static async Task<string[]?> ReadAsync(IStorageEngine engine, DbConnection connection, DbTransaction? transaction, string[] names,
        CancellationToken cancellationToken)
    {
        var stored = (await connection.QueryAsync<(string Name, string Value)>(new CommandDefinition(
                $"SELECT name, value FROM settings WHERE name {engine.InList("@names")}", new { names }, transaction, cancellationToken: cancellationToken)))
            .ToDictionary(s => s.Name, s => s.Value);
        return names.All(stored.ContainsKey) ? [.. names.Select(n => stored[n])] : null;
    }
}
