using Microsoft.Extensions.Options;
using Usheru.Notification.Api.Idempotency;

namespace Usheru.Notification.Api.Delivery;

/// <summary>
/// Every half lease: deliveries whose worker died or stalled past its lease go back to the queue.
/// Safe on every instance at once (the update is idempotent). Expired idempotency keys go too.
/// </summary>
internal sealed class QueueMaintenance(
    DeliveryQueue queue,
    IdempotencyStore idempotency,
    WorkSignal signal,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<QueueMaintenance> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Hosting.BackgroundLoop.RunAsync(nameof(QueueMaintenance), RunAsync, time, logger, stoppingToken);

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Lease / 2, time);
        try
        {
            do
            {
                await RunOnceAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var rescued = await queue.RescueExpiredAsync(cancellationToken);
            if (rescued > 0)
            {
                logger.LogWarning("Rescued {Count} deliveries whose lease expired", rescued);
                signal.Notify();
            }
            await idempotency.PurgeExpiredAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or TimeoutException or InvalidOperationException)
        {
            logger.LogError(ex, "Queue maintenance failed; it runs again at the next tick");
        }
    }
}
