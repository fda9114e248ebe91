using Npgsql;
using Usheru.Notification.Api.Delivery;

namespace Usheru.Notification.Api.Storage.Postgres;

/// <summary>
/// Holds one connection that LISTENs for work announced by any instance and wakes this instance's
/// worker: no instance polls the queue. If the connection drops, it reconnects and wakes the
/// worker once, since announcements may have been missed meanwhile.
/// </summary>
internal sealed class PostgresWorkListener(PostgresEngine engine, WorkSignal signal, TimeProvider time, ILogger<PostgresWorkListener> logger) : BackgroundService
{
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await engine.DataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, _) => signal.Notify();
                await using (var listen = new NpgsqlCommand($"LISTEN {PostgresEngine.WorkChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                signal.Notify();
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.IO.IOException or InvalidOperationException)
            {
                logger.LogWarning(ex, "Lost the work notification connection; reconnecting");
                await Task.Delay(Reconnect, time, stoppingToken);
            }
        }
    }
}
