using System.Data.Common;
using System.Diagnostics;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Usheru.Notification.Api.Storage.Postgres;

/// <summary>
/// The engine for one or many instances on a shared PostgreSQL: row locks instead of a write gate,
/// <c>SKIP LOCKED</c> claims, migrations under an advisory lock, LISTEN/NOTIFY to wake workers.
/// </summary>
internal sealed class PostgresEngine : IStorageEngine, IAsyncDisposable
{
    /// <summary>The channel workers LISTEN on.</summary>
    public const string WorkChannel = "usheru_work";

    /// <summary>The channel workflow workers LISTEN on.</summary>
    public const string RunsChannel = "usheru_runs";

    /// <summary>The channel new inbox items are announced on, as <c>"{recipientId} {itemId}"</c>.</summary>
    public const string InboxChannel = "usheru_inbox";

    /// <summary>The channel revoked API keys are announced on, as the key's id: other instances stop trusting it.</summary>
    public const string KeysChannel = "usheru_keys";

    /// <summary>Connections per instance unless the connection string says otherwise: API requests and
    /// the worker hold one only for a statement or a short transaction, and a small RDS instance
    /// allows about a hundred for all tasks together.</summary>
    public const int DefaultMaxPoolSize = 30;

    /// <summary>Statements kept prepared per connection unless the connection string says otherwise (<c>Max Auto Prepare</c>).</summary>
    public const int DefaultMaxAutoPrepare = 200;

    private const long MigrationLock = 0x7573686572750001;

    public PostgresEngine(IOptions<StorageOptions> options)
    {
        var settings = options.Value;
        var builder = new NpgsqlConnectionStringBuilder(settings.ConnectionString);
        if (!settings.ConnectionString.Contains("Maximum Pool Size", StringComparison.OrdinalIgnoreCase) &&
            !settings.ConnectionString.Contains("MaxPoolSize", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxPoolSize = DefaultMaxPoolSize;
        }
        if (!settings.ConnectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase) &&
            !settings.ConnectionString.Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            // Every statement whose text repeats (the claim, the completion, the fixed-size inserts)
            // is parsed and planned once per connection instead of once per execution.
            builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
            builder.AutoPrepareMinUsages = 2;
        }
        builder.Username = settings.Username ?? builder.Username;
        builder.Password = settings.Password ?? builder.Password;
        // Traced commands are those of a request or a delivery attempt: the workers' claims and
        // wake-ups, outside any trace, would each make a trace of one span.
        DataSource = new NpgsqlDataSourceBuilder(builder.ConnectionString)
            .ConfigureTracing(tracing => tracing
                .ConfigureCommandFilter(_ => Activity.Current is not null)
                .ConfigureBatchFilter(_ => Activity.Current is not null)
                .EnablePhysicalOpenTracing(false))
            .Build();
    }

    public NpgsqlDataSource DataSource { get; }

    public string ClaimLockClause => "FOR UPDATE SKIP LOCKED";

    /// <summary>Three: one batch flushing, one being written, one forming; more only adds backends waiting on the same WAL flush.</summary>
    public int ConcurrentWriters => 3;

    /// <summary>
    /// Not <c>FOR UPDATE</c>: that also waits on the key-share locks that inserting a row which
    /// references the locked one takes, so two transactions that each inserted a delivery of one
    /// notification would deadlock.
    /// </summary>
    public string RowLockClause => "FOR NO KEY UPDATE";

    public string InList(string parameter) => $"= ANY({parameter})";

    public string JsonText(string column, string keyParameter) => $"(CAST({column} AS jsonb) ->> {keyParameter})";

    public async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await DataSource.OpenConnectionAsync(cancellationToken);

    public async ValueTask<WriteScope> BeginWriteAsync(CancellationToken cancellationToken)
    {
        var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            return new WriteScope(connection, await connection.BeginTransactionAsync(cancellationToken));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var scope = await BeginWriteAsync(cancellationToken);
        // Instances starting together queue here; the second finds the work done.
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(@key)", new { key = MigrationLock }, scope.Transaction, cancellationToken: cancellationToken));
        await SchemaMigrations.ApplyAsync(scope, cancellationToken);
        await scope.CommitAsync(cancellationToken);
    }

    public Task AnnounceWorkAsync(WriteScope scope, CancellationToken cancellationToken) =>
        scope.Connection.ExecuteAsync(new CommandDefinition($"NOTIFY {WorkChannel}", transaction: scope.Transaction, cancellationToken: cancellationToken));

    public Task AnnounceRunsAsync(WriteScope scope, CancellationToken cancellationToken) =>
        scope.Connection.ExecuteAsync(new CommandDefinition($"NOTIFY {RunsChannel}", transaction: scope.Transaction, cancellationToken: cancellationToken));

    public Task AnnounceInboxItemAsync(WriteScope scope, string recipientId, string itemId, CancellationToken cancellationToken) =>
        scope.Connection.ExecuteAsync(new CommandDefinition("SELECT pg_notify(@channel, @payload)",
            new { channel = InboxChannel, payload = $"{recipientId} {itemId}" }, scope.Transaction, cancellationToken: cancellationToken));

    public Task AnnounceKeyRevokedAsync(WriteScope scope, string keyId, CancellationToken cancellationToken) =>
        scope.Connection.ExecuteAsync(new CommandDefinition("SELECT pg_notify(@channel, @payload)",
            new { channel = KeysChannel, payload = keyId }, scope.Transaction, cancellationToken: cancellationToken));

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
