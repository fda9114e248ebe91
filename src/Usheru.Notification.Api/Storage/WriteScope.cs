using System.Data.Common;

namespace Usheru.Notification.Api.Storage;

/// <summary>One write transaction and the connection it runs on.</summary>
internal sealed class WriteScope(DbConnection connection, DbTransaction transaction, Action? onDispose = null) : IAsyncDisposable
{
    public DbConnection Connection { get; } = connection;

    public DbTransaction Transaction { get; } = transaction;

    public Task CommitAsync(CancellationToken cancellationToken) => Transaction.CommitAsync(cancellationToken);

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
