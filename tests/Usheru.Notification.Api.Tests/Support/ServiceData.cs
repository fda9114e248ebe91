using Microsoft.Data.Sqlite;

namespace Usheru.Notification.Api.Tests.Support;

/// <summary>
/// A temporary folder holding one service's SQLite database and email outbox. It outlives the
/// <see cref="ServiceProcess"/>es started on it, so a restarted process finds what the killed one left,
/// and a test can read the deliveries table between them the way an operator would.
/// </summary>
internal sealed class ServiceData : IDisposable
{
    private readonly TemporaryDirectory _folder = new();

    public string DatabaseFile => Path.Combine(_folder.Path, "notifications.db");

    public string Outbox => Path.Combine(_folder.Path, "outbox");

    /// <summary>Delivery rows by status, read straight from the database file.</summary>
    public Task<IReadOnlyDictionary<string, long>> DeliveryCountsAsync() => CountsAsync("deliveries");

    /// <summary>Workflow runs by status, read straight from the database file.</summary>
    public Task<IReadOnlyDictionary<string, long>> RunCountsAsync() => CountsAsync("workflow_runs");

    private async Task<IReadOnlyDictionary<string, long>> CountsAsync(string table)
    {
        var counts = new Dictionary<string, long>();
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT status, COUNT(*) FROM {table} GROUP BY status";
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }

    /// <summary>The ids of the deliveries in <paramref name="status"/>, read straight from the database file.</summary>
    public async Task<IReadOnlySet<string>> DeliveryIdsAsync(string status)
    {
        var ids = new HashSet<string>();
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM deliveries WHERE status = $status";
        command.Parameters.AddWithValue("$status", status);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            ids.Add(reader.GetString(0));
        return ids;
    }

    /// <summary>Counts as one line for a test's output: <c>12 queued, 64 sending, 24 sent</c>.</summary>
    public static string Describe(IReadOnlyDictionary<string, long> counts) =>
        string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Value} {c.Key}"));

    public void Dispose() => _folder.Dispose();

    private async Task<SqliteConnection> OpenAsync()
    {
        // Read-only and unpooled: the test must neither change the file nor keep it open for the next process.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = DatabaseFile,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        await connection.OpenAsync();
        return connection;
    }
}
