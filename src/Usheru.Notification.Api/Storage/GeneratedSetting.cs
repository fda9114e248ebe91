using Dapper;

namespace Usheru.Notification.Api.Storage;

/// <summary>
/// A value the service makes for itself on first use and keeps in the <c>settings</c> table, so
/// every instance uses the same one. Instances starting together may each generate one: the first
/// insert wins and everyone reads back the winner.
/// </summary>
internal static class GeneratedSetting
{
    public static async Task<string> GetOrCreateAsync(IStorageEngine engine, string name, Func<string> generate, CancellationToken cancellationToken)
    {
        await using (var connection = await engine.OpenAsync(cancellationToken))
        {
            if (await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                    "SELECT value FROM settings WHERE name = @name", new { name }, cancellationToken: cancellationToken)) is { } stored)
            {
                return stored;
            }
        }
        await using var scope = await engine.BeginWriteAsync(cancellationToken);
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO settings (name, value) VALUES (@name, @value) ON CONFLICT (name) DO NOTHING",
            new { name, value = generate() }, scope.Transaction, cancellationToken: cancellationToken));
        var winner = await scope.Connection.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT value FROM settings WHERE name = @name", new { name }, scope.Transaction, cancellationToken: cancellationToken));
        await scope.CommitAsync(cancellationToken);
        return winner!;
    }
}
