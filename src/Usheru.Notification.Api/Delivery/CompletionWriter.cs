using System.Threading.Channels;

namespace Usheru.Notification.Api.Delivery;

/// <summary>
/// Group commit for finished deliveries: whatever completes while one transaction is being written
/// goes into the next, so a busy instance pays one commit per batch, not per delivery. Each caller
/// waits until its own result is durable.
/// </summary>
internal sealed class CompletionWriter(DeliveryQueue queue, WorkSignal signal, ILogger<CompletionWriter> logger)
{
    private const int MaxBatch = 256;
    private static readonly TimeSpan[] RetryDelays = [TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)];
    private readonly Channel<(Completion Completion, TaskCompletionSource Done)> pending =
        Channel.CreateUnbounded<(Completion, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });

    public Task WriteAsync(Completion completion)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!pending.Writer.TryWrite((completion, done)))
        {
            done.SetException(new InvalidOperationException("The completion writer has stopped."));
        }
        return done.Task;
    }

    /// <summary>Writes batches until <see cref="Complete"/> is called and everything queued is written.</summary>
    public async Task RunAsync()
    {
        var batch = new List<(Completion Completion, TaskCompletionSource Done)>(MaxBatch);
        while (await pending.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && pending.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }
            try
            {
                var lost = await CompleteWithRetriesAsync([.. batch.Select(b => b.Completion)]);
                if (lost.Count > 0)
                {
                    foreach (var (completion, _) in batch.Where(b => lost.Contains(b.Completion.Delivery.Id)))
                    {
                        using var scope = logger.BeginScope(new DeliveryLogScope(completion.Delivery));
                        logger.LogWarning("Delivery {DeliveryId} finished after its lease passed to another worker; its result was dropped", completion.Delivery.Id);
                    }
                }
                batch.ForEach(b => b.Done.TrySetResult());
                if (batch.Any(b => b.Completion.ReturnsToQueue))
                {
                    // The worker may be asleep until a later due time: let it see the earlier one.
                    signal.Notify();
                }
            }
            catch (Exception ex)
            {
                // Whatever went wrong, the loop must live on. The lease will expire and the rescuer
                // will queue these deliveries again: a duplicate at worst, never a loss.
                logger.LogError(ex, "Could not record {Count} delivery results", batch.Count);
                batch.ForEach(b => b.Done.TrySetException(ex));
            }
            batch.Clear();
        }
    }

    public void Complete() => pending.Writer.TryComplete();

    /// <summary>
    /// A broken pooled connection (the database restarted) fails one attempt; a fresh one usually
    /// succeeds. Retrying is safe because every update is guarded by its lease token, and it spares
    /// the receivers a resend of the whole batch after the leases run out.
    /// </summary>
    private async Task<IReadOnlyList<string>> CompleteWithRetriesAsync(IReadOnlyList<Completion> completions)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await queue.CompleteAsync(completions, CancellationToken.None);
            }
            catch (Exception ex) when (attempt < RetryDelays.Length + 1 && ex is System.Data.Common.DbException or TimeoutException)
            {
                logger.LogWarning(ex, "Recording {Count} delivery results failed; trying again", completions.Count);
                await Task.Delay(RetryDelays[attempt - 1]);
            }
        }
    }
}
