using System.Diagnostics;

namespace Usheru.Notification.Api.Tests.Support;

/// <summary>
/// What a test server received, in arrival order and with when each arrived (a <see cref="Stopwatch"/>
/// timestamp), and a way to await more without sleeping.
/// </summary>
public sealed class ReceivedLog<T>(string noun)
{
    private readonly Lock _lock = new();
    private readonly List<T> _items = [];
    private readonly List<long> _times = [];
    private TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<T> Snapshot()
    {
        lock (_lock)
            return [.. _items];
    }

    /// <summary>Everything received so far, each with its <see cref="Stopwatch"/> timestamp of arrival.</summary>
    public IReadOnlyList<(T Item, long At)> TimedSnapshot()
    {
        lock (_lock)
            return [.. _items.Zip(_times)];
    }

    public void Add(T item)
    {
        TaskCompletionSource added;
        var at = Stopwatch.GetTimestamp();
        lock (_lock)
        {
            _items.Add(item);
            _times.Add(at);
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
