namespace Usheru.Notification.Api.Delivery;

/// <summary>
/// Wakes the delivery worker when new work is committed, so it never polls an empty queue.
/// Auto-reset: a notify that arrives while the worker is busy is kept for its next wait.
/// </summary>
internal sealed class WorkSignal(TimeProvider time)
{
    private TaskCompletionSource pending = NewSource();

    public void Notify() => Volatile.Read(ref pending).TrySetResult();

    /// <summary>
    /// Returns when notified (also before the call) or when <paramref name="timeout"/> passes: true
    /// when notified.
    /// </summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref pending);
        if (!current.Task.IsCompleted)
        {
            try
            {
                await current.Task.WaitAsync(timeout, time, cancellationToken);
            }
            catch (TimeoutException)
            {
                // Time for work that was scheduled: the caller looks again.
            }
        }
        // Reset before the caller claims: anything committed before a later notify is seen by that claim.
        Interlocked.CompareExchange(ref pending, NewSource(), current);
        return current.Task.IsCompleted;
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
