using Microsoft.Data.Sqlite;

namespace Usheru.Notification.Bench.Storage;

/// <summary>The embedded engine: a database is a file in the run folder.</summary>
internal sealed class SqliteBenchEngine(string runDirectory) : IBenchEngine
{
    public string Name => "SQLite";

    public string Provider => "sqlite";

    public PostgresCluster? Server => null;

    public Task<string> CreateDatabaseAsync(string name) =>
        Task.FromResult($"Data Source={Path.Combine(runDirectory, name + ".db")}");

    /// <summary>One transaction of prepared inserts: SQLite's fastest bulk path.</summary>
    public async Task LoadBacklogAsync(string connectionString, IBacklog backlog)
    {
        // Unpooled, so no handle on the file outlives the load into the service's run.
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        foreach (var table in backlog.Tables)
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = $"INSERT INTO {table.Name} ({string.Join(", ", table.Columns)}) VALUES ({string.Join(", ", table.Columns.Select((_, i) => $"$p{i}"))})";
            var parameters = table.Columns.Select((_, i) => insert.Parameters.Add(new SqliteParameter($"$p{i}", null))).ToArray();
            await insert.PrepareAsync();
            for (var row = 0; row < backlog.Count; row++)
            {
                var values = table.Row(row);
                for (var i = 0; i < values.Length; i++)
                {
                    parameters[i].Value = values[i];
                }
                await insert.ExecuteNonQueryAsync();
            }
        }
        await transaction.CommitAsync();
    }
}
