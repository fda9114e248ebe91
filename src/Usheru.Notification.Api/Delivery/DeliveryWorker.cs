using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Usheru.Notification.Api.Hosting;

namespace Usheru.Notification.Api.Delivery;

/// <summary>
/// Claims due deliveries as slots free up, sends each on its channel and records the outcome.
/// It sleeps only when the queue has nothing it may take, until new work is signalled, the next
/// scheduled delivery falls due, or a capped channel's bucket holds tokens again. On shutdown it
/// stops claiming, lets in-flight sends finish within
/// <see cref="DeliveryOptions.DrainSeconds"/>, then cuts off the rest and hands them back to the queue.
/// </summary>
internal sealed class DeliveryWorker(
    DeliveryQueue queue,
    CompletionWriter completions,
    WorkSignal signal,
    IEnumerable<IChannel> channels,
    RetrySchedule retries,
    DeliveryMetrics metrics,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<DeliveryWorker> logger) : BackgroundService
{
    private const int MaxClaim = 100;
    private static readonly TimeSpan ErrorPause = TimeSpan.FromSeconds(1);
    private readonly Dictionary<string, IChannel> byName = channels.ToDictionary(c => c.Name);
    private readonly ConcurrentDictionary<Task, ClaimedDelivery> inFlight = new();
    private readonly CancellationTokenSource cutOff = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Concurrency == 0)
        {
            logger.LogInformation("Delivery:Concurrency is 0: this instance serves the API and delivers nothing");
            return;
        }
        // Each part restarts on its own after an unexpected exception; the writer ends once Complete is called.
        var writer = Task.Run(() => BackgroundLoop.RunAsync(nameof(CompletionWriter), _ => completions.RunAsync(), time, logger, CancellationToken.None),
            CancellationToken.None);
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = Task.Run(() => BackgroundLoop.RunAsync("DeliveryLeaseHeartbeat", RenewLeasesAsync, time, logger, heartbeatStop.Token), CancellationToken.None);
        // Not disposed: continuations of finishing deliveries may still release it (it holds no handle).
        var slots = new SemaphoreSlim(options.Value.Concurrency, options.Value.Concurrency);
        await BackgroundLoop.RunAsync(nameof(DeliveryWorker), ct => ClaimLoopAsync(slots, ct), time, logger, stoppingToken);
        await DrainAsync();
        await heartbeatStop.CancelAsync();
        await heartbeat;
        completions.Complete();
        await writer;
    }

    /// <summary>Claims as many deliveries as there are free slots and starts each, until stopped.</summary>
    private async Task ClaimLoopAsync(SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        var onlyCapped = false;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await slots.WaitAsync(stoppingToken);
                var free = 1;
                while (free < MaxClaim && slots.Wait(0, stoppingToken))
                {
                    free++;
                }
                Claim claim;
                try
                {
                    claim = await ClaimAsync(free, onlyCapped, stoppingToken);
                }
                catch
                {
                    // The loop restarts after an unexpected exception: the slots it took must not leak with it.
                    slots.Release(free);
                    throw;
                }
                onlyCapped = false;
                if (free > claim.Deliveries.Count)
                {
                    slots.Release(free - claim.Deliveries.Count);
                }
                foreach (var delivery in claim.Deliveries)
                {
                    Track(delivery, ProcessAsync(delivery, slots, stoppingToken), slots);
                }
                if (claim.Deliveries.Count < free)
                {
                    // It took all it may for now: what is left is scheduled later, waits for tokens, or is not there.
                    onlyCapped = await WaitForWorkAsync(claim.HeldBack, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Every third of a lease, extends the leases of everything in flight.</summary>
    private async Task RenewLeasesAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(options.Value.Lease / 3, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    await queue.ExtendLeasesAsync([.. inFlight.Values], stop);
                }
                catch (Exception ex) when (ex is System.Data.Common.DbException or TimeoutException or InvalidOperationException)
                {
                    logger.LogWarning(ex, "Could not extend the leases of {Count} deliveries in flight", inFlight.Count);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private void Track(ClaimedDelivery delivery, Task task, SemaphoreSlim slots)
    {
        inFlight[task] = delivery;
        task.ContinueWith(t => { inFlight.TryRemove(t, out _); slots.Release(); }, TaskScheduler.Default);
    }

    private async Task<Claim> ClaimAsync(int limit, bool onlyCapped, CancellationToken stoppingToken)
    {
        try
        {
            return await queue.ClaimAsync(limit, onlyCapped, stoppingToken);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or TimeoutException or InvalidOperationException)
        {
            logger.LogError(ex, "Could not claim deliveries; trying again shortly");
            await Task.Delay(ErrorPause, time, stoppingToken);
            return Claim.None;
        }
    }

    /// <summary>
    /// Sleeps until new work is signalled, the next scheduled delivery falls due, or a capped lane
    /// that was held back will find tokens again, whichever comes first. Held-back lanes are due
    /// already: they count by their tokens' time, or the worker would spin on them. True when it woke
    /// for tokens alone, so the next claim need look at the capped channels only.
    /// </summary>
    private async Task<bool> WaitForWorkAsync(IReadOnlyList<HeldBack> heldBack, CancellationToken stoppingToken)
    {
        DateTimeOffset? next;
        try
        {
            next = await queue.NextDueAsync(heldBack, stoppingToken);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or TimeoutException or InvalidOperationException)
        {
            logger.LogError(ex, "Could not read the next due time; looking again shortly");
            next = time.GetUtcNow() + ErrorPause;
        }
        DateTimeOffset? tokens = heldBack.Count > 0 ? heldBack.Min(h => h.TokensAt) : null;
        var forTokens = tokens is not null && (next is null || tokens < next);
        var wake = forTokens ? tokens : next;
        // A missed signal costs at most one lease period: the rescuer's cadence, never a busy poll.
        var wait = options.Value.Lease;
        if (wake is { } at)
        {
            var untilDue = at - time.GetUtcNow();
            wait = untilDue < TimeSpan.Zero ? TimeSpan.Zero : untilDue < wait ? untilDue : wait;
        }
        var signalled = await signal.WaitAsync(wait, stoppingToken);
        return forTokens && !signalled && wait < options.Value.Lease;
    }

    private async Task ProcessAsync(ClaimedDelivery delivery, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        await Task.Yield();
        using var scope = logger.BeginScope(new DeliveryLogScope(delivery));
        if (delivery.NotBefore is { } slot && slot - time.GetUtcNow() is var early && early > TimeSpan.Zero)
        {
            // Paced to its token's time (a capped channel): the slot is for a send in flight, not for waiting.
            slots.Release();
            try
            {
                await Task.Delay(early, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                // Stopping: released below, unsent.
            }
            await slots.WaitAsync(CancellationToken.None);
        }
        var completion = stoppingToken.IsCancellationRequested ? Completion.Release(delivery)
            : delivery.SuppressedReason is { } reason ? Completion.Suppressed(delivery, reason)
            : await AttemptAsync(delivery);
        try
        {
            await completions.WriteAsync(completion);
            metrics.Completed(delivery, completion, time.GetUtcNow());
        }
        catch (Exception)
        {
            // Logged by the writer; the lease expiry brings the delivery back.
        }
    }

    /// <summary>One attempt, in its span (when tracing is on), and a log line when it fails.</summary>
    private async Task<Completion> AttemptAsync(ClaimedDelivery delivery)
    {
        using var span = DeliveryAttemptSpan.Start(delivery);
        var completion = await SendAsync(delivery);
        DeliveryAttemptSpan.End(span, completion);
        switch (completion.AttemptOutcome)
        {
            case DeliveryStatus.Retrying:
                logger.LogInformation("Delivery attempt {Attempt} on {Channel} failed; trying again in {RetrySeconds} s",
                    delivery.Attempt, delivery.Channel, (int)Math.Ceiling(completion.RetryDelay.TotalSeconds));
                break;
            case DeliveryStatus.Failed:
                // The far end's words stay out of logs (they often quote the address): the delivery's lastError has them.
                logger.LogWarning("Delivery on {Channel} failed for good after {Attempt} attempts", delivery.Channel, delivery.Attempt);
                break;
        }
        return completion;
    }

    private async Task<Completion> SendAsync(ClaimedDelivery delivery)
    {
        if (!byName.TryGetValue(delivery.Channel, out var channel))
        {
            return Outcome(delivery, new DeliveryOutcome.Failed($"The {delivery.Channel} channel is not configured."));
        }
        try
        {
            return Outcome(delivery, await channel.SendAsync(delivery, cutOff.Token));
        }
        catch (OperationCanceledException) when (cutOff.IsCancellationRequested)
        {
            return Completion.Release(delivery);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Channel {Channel} threw on delivery {DeliveryId}", delivery.Channel, delivery.Id);
            return Outcome(delivery, new DeliveryOutcome.Retry($"Unexpected {ex.GetType().Name}"));
        }
    }

    private Completion Outcome(ClaimedDelivery delivery, DeliveryOutcome outcome)
    {
        var retryAfter = outcome is DeliveryOutcome.Retry r ? r.RetryAfter : null;
        return new Completion(delivery, outcome, retries.MayRetry(delivery.Attempt), RetrySchedule.DelayAfter(delivery.Attempt, retryAfter));
    }

    private async Task DrainAsync()
    {
        var drain = Task.WhenAll(inFlight.Keys);
        try
        {
            await drain.WaitAsync(TimeSpan.FromSeconds(options.Value.DrainSeconds), time);
        }
        catch (TimeoutException)
        {
            logger.LogWarning("{Count} deliveries still in flight after the drain period; releasing them", inFlight.Count);
            await cutOff.CancelAsync();
            await Task.WhenAll(inFlight.Keys);
        }
        logger.LogInformation("Delivery worker drained");
    }

    public override void Dispose()
    {
        cutOff.Dispose();
        base.Dispose();
    }
}
