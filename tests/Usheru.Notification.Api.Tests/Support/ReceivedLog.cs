namespace Usheru.Notification.Api.Tests.Support;

/// <summary>What a test server received, in arrival order, and a way to await more without sleeping.</summary>
public sealed class ReceivedLog<T>(string noun)
{
    private readonly Lock _lock = new();
    private readonly List<T> _items = [];
    private TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<T> Snapshot()
    {
        lock (_lock)
            return [.. _items];
    }

    public void Add(T item)
    {
        TaskCompletionSource added;
        lock (_lock)
        {
            _items.Add(item);
            added = _added;
            _added = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        added.SetResult();
    }

    /// <summary>Completes once <paramref name="count"/> items have arrived.</summary>
    /// <exception cref="TimeoutException">Fewer arrived within <paramref name="timeout"/>.</exception>
    public async Task<IReadOnlyList<T>> WaitForAsync(int count, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            Task added;
            lock (_lock)
            {
                if (_items.Count >= count)
                    return [.. _items];
                added = _added.Task;
            }
            try
            {
                await added.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Expected {count} {noun} within {timeout}, received {Snapshot().Count}.");
            }
        }
    }
}
