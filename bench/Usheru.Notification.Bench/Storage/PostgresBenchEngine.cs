using Npgsql;
using NpgsqlTypes;

namespace Usheru.Notification.Bench.Storage;

/// <summary>PostgreSQL: a database per measurement on the run's cluster, backlogs loaded with binary COPY.</summary>
internal sealed class PostgresBenchEngine(PostgresCluster cluster) : IBenchEngine
{
    public string Name => "PostgreSQL";

    public string Provider => "postgres";

    public PostgresCluster? Server => cluster;

    public Task<string> CreateDatabaseAsync(string name) => cluster.CreateDatabaseAsync(name);

    public async Task LoadBacklogAsync(string connectionString, IBacklog backlog)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var table in backlog.Tables)
        {
            await using var copy = await connection.BeginBinaryImportAsync(
                $"COPY {table.Name} ({string.Join(", ", table.Columns)}) FROM STDIN (FORMAT BINARY)");
            for (var row = 0; row < backlog.Count; row++)
            {
                await copy.StartRowAsync();
                foreach (var value in table.Row(row))
                {
                    await (value switch
                    {
                        long number => copy.WriteAsync(number, NpgsqlDbType.Bigint),
                        int small => copy.WriteAsync(small, NpgsqlDbType.Integer),
                        _ => copy.WriteAsync((string)value, NpgsqlDbType.Text),
                    });
                }
            }
            await copy.CompleteAsync();
        }
        // What a table that grew over time would have: planner statistics, and no load left for the checkpointer.
        await using var settle = new NpgsqlCommand("ANALYZE; CHECKPOINT;", connection);
        await settle.ExecuteNonQueryAsync();
    }
}
