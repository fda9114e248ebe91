using System.Data.Common;

namespace Usheru.Notification.Api.Storage;

/// <summary>
/// What differs between the database engines. The SQL the stores run is portable (both engines
/// speak <c>RETURNING</c>, <c>ON CONFLICT</c> and partial indexes); an engine supplies connections,
/// its way of serialising writes, its row-locking clause and its migrations.
/// </summary>
internal interface IStorageEngine
{
    /// <summary>A connection for reads; the caller disposes it.</summary>
    ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>A write transaction; committed by <see cref="WriteScope.CommitAsync"/>, rolled back on dispose otherwise.</summary>
    ValueTask<WriteScope> BeginWriteAsync(CancellationToken cancellationToken);

    /// <summary>
    /// "Is one of the list in <paramref name="parameter"/>": Dapper expands a list into <c>IN (…)</c> on
    /// SQLite but passes an array to PostgreSQL, which wants <c>= ANY(…)</c>.
    /// </summary>
    string InList(string parameter);

    /// <summary>The text of the top-level field named by <paramref name="keyParameter"/> in the JSON text column <paramref name="column"/>.</summary>
    string JsonText(string column, string keyParameter);

    /// <summary>Appended to the claim query's inner SELECT, e.g. <c>FOR UPDATE SKIP LOCKED</c>.</summary>
    string ClaimLockClause { get; }

    /// <summary>
    /// Appended to a SELECT that locks rows against other writers of them until the transaction
    /// ends, so the statements after it see every transaction that held those rows before.
    /// </summary>
    string RowLockClause { get; }

    /// <summary>
    /// Group-commit batches worth writing at once: 1 where writes are serialised anyway (SQLite);
    /// more on PostgreSQL, so the next batch forms and is sent while the last one waits for its WAL flush.
    /// </summary>
    int ConcurrentWriters { get; }

    /// <summary>Brings the schema up to date; safe when several instances start at once.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Tells the delivery workers of every instance, this one included, that deliveries are due,
    /// once <paramref name="scope"/> commits.
    /// </summary>
    Task AnnounceWorkAsync(WriteScope scope, CancellationToken cancellationToken);

    /// <summary>Tells the workflow workers of every instance, once <paramref name="scope"/> commits, that runs are due.</summary>
    Task AnnounceRunsAsync(WriteScope scope, CancellationToken cancellationToken);

    /// <summary>Tells every instance, when <paramref name="scope"/> commits, that a recipient has a new inbox item.</summary>
    Task AnnounceInboxItemAsync(WriteScope scope, string recipientId, string itemId, CancellationToken cancellationToken);

    /// <summary>Tells the other instances, when <paramref name="scope"/> commits, that an API key was revoked.</summary>
    Task AnnounceKeyRevokedAsync(WriteScope scope, string keyId, CancellationToken cancellationToken);
}
