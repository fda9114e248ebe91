using System.Data.Common;

namespace Usheru.Notification.Api.Storage;

/// <summary>One write transaction and the connection it runs on.</summary>
internal sealed class WriteScope(DbConnection connection, DbTransaction transaction, Action? onDispose = null) : IAsyncDisposable
{
    private Action? onCommitted;

    public DbConnection Connection { get; } = connection;

    public DbTransaction Transaction { get; } = transaction;

    /// <summary>Runs <paramref name="action"/> once the transaction has committed; never if it rolls back.</summary>
    public void OnCommitted(Action action) => onCommitted += action;

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await Transaction.CommitAsync(cancellationToken);
        onCommitted?.Invoke();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
        finally
        {
            onDispose?.Invoke();
        }
    }
}
