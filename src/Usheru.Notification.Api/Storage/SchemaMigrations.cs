using System.Data.Common;
using System.Globalization;
using Dapper;

namespace Usheru.Notification.Api.Storage;

/// <summary>The numbered SQL scripts embedded in the assembly, applied in order and recorded.</summary>
internal static class SchemaMigrations
{
    private const string Prefix = "Migrations.";

    public static IReadOnlyList<(int Version, string Sql)> All { get; } = Load();

    public static int Latest => All[^1].Version;

    /// <summary>Applies what is missing inside the caller's write transaction.</summary>
    public static async Task ApplyAsync(WriteScope scope, CancellationToken cancellationToken)
    {
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)",
            transaction: scope.Transaction, cancellationToken: cancellationToken));
        var current = await CurrentVersionAsync(scope.Connection, scope.Transaction, cancellationToken);
        foreach (var (version, sql) in All.Where(m => m.Version > current))
        {
            await scope.Connection.ExecuteAsync(new CommandDefinition(sql, transaction: scope.Transaction, cancellationToken: cancellationToken));
            await scope.Connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_migrations (version, applied_at) VALUES (@version, @now)",
                new { version, now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() },
                scope.Transaction, cancellationToken: cancellationToken));
        }
    }

    public static async Task<int> CurrentVersionAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
            "SELECT MAX(version) FROM schema_migrations", transaction: transaction, cancellationToken: cancellationToken)) ?? 0;

    private static List<(int, string)> Load()
    {
        var assembly = typeof(SchemaMigrations).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(Prefix, StringComparison.Ordinal))
            .Select(name =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
                var version = int.Parse(name.AsSpan(Prefix.Length, 4), CultureInfo.InvariantCulture);
                return (version, reader.ReadToEnd());
            })
            .OrderBy(m => m.version)];
    }
}
