using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Workflows;

namespace Usheru.Notification.Api.Storage.Sqlite;

/// <summary>
/// The embedded engine: one file in WAL mode, readers concurrent, writers serialised in process
/// (one writer at a time is SQLite's own rule; queueing here beats spinning on SQLITE_BUSY).
/// One instance per database file.
/// </summary>
internal sealed class SqliteEngine : IStorageEngine, IDisposable
{
    private readonly string connectionString;
    private static readonly object Configured = new();
    private readonly SemaphoreSlim writeGate = new(1, 1);
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> configured = new();

    private readonly WorkSignal workSignal;
    private readonly RunSignal runSignal;

    public SqliteEngine(IOptions<StorageOptions> options, WorkSignal workSignal, RunSignal runSignal)
    {
        this.workSignal = workSignal;
        this.runSignal = runSignal;
        var builder = new SqliteConnectionStringBuilder(options.Value.ConnectionString) { Pooling = true };
        var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (builder.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        connectionString = builder.ToString();
    }

    public string ClaimLockClause => "";

    public int ConcurrentWriters => 1;

    /// <summary>Nothing to add: writes are serialised by the write gate.</summary>
    public string RowLockClause => "";

    public string InList(string parameter) => $"IN {parameter}";

    public string JsonText(string column, string keyParameter) => $"CAST(json_extract({column}, '$.' || json_quote({keyParameter})) AS TEXT)";

    public async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        // Settings belong to the native connection, which the pool keeps open across opens: set them once per native connection.
        if (connection.Handle is { } handle && !configured.TryGetValue(handle, out _))
        {
            // FULL: a commit is on disk before the 202 leaves, even across a power cut, not only a crash.
            await connection.ExecuteAsync("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;");
            configured.AddOrUpdate(handle, Configured);
        }
        return connection;
    }

    public async ValueTask<WriteScope> BeginWriteAsync(CancellationToken cancellationToken)
    {
        await writeGate.WaitAsync(cancellationToken);
        try
        {
            var connection = await OpenAsync(cancellationToken);
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            return new WriteScope(connection, transaction, () => writeGate.Release());
        }
        catch
        {
            writeGate.Release();
            throw;
        }
    }

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using (var connection = await OpenAsync(cancellationToken))
        {
            await connection.ExecuteAsync("PRAGMA journal_mode = WAL;");
        }
        await using var scope = await BeginWriteAsync(cancellationToken);
        await SchemaMigrations.ApplyAsync(scope, cancellationToken);
        await scope.CommitAsync(cancellationToken);
    }

    /// <summary>One instance per file: its own workers are all there are to wake.</summary>
    public Task AnnounceWorkAsync(WriteScope scope, CancellationToken cancellationToken)
    {
        scope.OnCommitted(workSignal.Notify);
        return Task.CompletedTask;
    }

    public Task AnnounceRunsAsync(WriteScope scope, CancellationToken cancellationToken)
    {
        scope.OnCommitted(runSignal.Signal.Notify);
        return Task.CompletedTask;
    }

    public Task AnnounceInboxItemAsync(WriteScope scope, string recipientId, string itemId, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>One process: the instance that revokes a key forgets it itself.</summary>
    public Task AnnounceKeyRevokedAsync(WriteScope scope, string keyId, CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => writeGate.Dispose();
}
