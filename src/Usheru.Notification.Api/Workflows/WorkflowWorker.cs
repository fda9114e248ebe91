using Microsoft.Extensions.Options;
using Usheru.Notification.Api.Delivery;

namespace Usheru.Notification.Api.Workflows;

/// <summary>
/// Advances due runs a batch at a time. It sleeps while nothing is due, until a trigger or an
/// ended delivery signals, or the earliest waiting run falls due: a run waiting in a delay costs
/// nothing until then. Every half lease it also frees runs whose awaited delivery ended unseen.
/// </summary>
internal sealed class WorkflowWorker(
    RunQueue queue,
    RunAdvancer advancer,
    RunSignal signal,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<WorkflowWorker> logger) : BackgroundService
{
    private const int Batch = 100;
    private static readonly TimeSpan ErrorPause = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Anything unexpected (a stored run that does not parse, say) is logged and the loop started
    /// again by <see cref="Hosting.BackgroundLoop"/>: workflows never stop on this instance for good.
    /// </summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.Value.Concurrency == 0 ? Task.CompletedTask : Hosting.BackgroundLoop.RunAsync(nameof(WorkflowWorker), RunAsync, time, logger, stoppingToken);

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        var sweepEvery = options.Value.Lease / 2;
        var nextSweep = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (time.GetUtcNow() >= nextSweep)
                {
                    await queue.WakeForEndedDeliveriesAsync(stoppingToken);
                    nextSweep = time.GetUtcNow() + sweepEvery;
                }
                var runs = await queue.ClaimAsync(Batch, stoppingToken);
                if (runs.Count > 0)
                {
                    // Not cancelled by shutdown: a batch is a few milliseconds of work, and finishing
                    // it spares its runs a wait for their lease to expire.
                    await advancer.AdvanceAsync(runs, CancellationToken.None);
                    continue;
                }
                var wait = nextSweep - time.GetUtcNow();
                if (await queue.NextDueAsync(stoppingToken) is { } due && due - time.GetUtcNow() < wait)
                {
                    wait = due - time.GetUtcNow();
                }
                if (wait > TimeSpan.Zero)
                {
                    await signal.Signal.WaitAsync(wait, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or TimeoutException or InvalidOperationException)
            {
                logger.LogError(ex, "Advancing workflow runs failed; their leases bring them back");
                await Task.Delay(ErrorPause, time, stoppingToken);
            }
        }
    }
}
