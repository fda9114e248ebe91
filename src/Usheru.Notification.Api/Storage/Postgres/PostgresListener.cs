using Npgsql;
using Usheru.Notification.Api.Channels.Inbox;
using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Workflows;

namespace Usheru.Notification.Api.Storage.Postgres;

/// <summary>
/// Holds one connection that LISTENs for what any instance announces: due work wakes this
/// instance's workers (no instance polls the queue), new inbox items reach this instance's
/// Server-Sent Events streams, and revoked API keys stop being trusted here. If the connection
/// drops, it reconnects, wakes the worker once and forgets every trusted key, since announcements
/// may have been missed meanwhile.
/// </summary>
internal sealed class PostgresListener(
    PostgresEngine engine, WorkSignal signal, RunSignal runs, InboxBroadcaster inbox, ApiKeys.ApiKeyStore keys, TimeProvider time, ILogger<PostgresListener> logger)
    : BackgroundService
{
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(2);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Hosting.BackgroundLoop.RunAsync(nameof(PostgresListener), RunAsync, time, logger, stoppingToken);

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await engine.DataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => Dispatch(e.Channel, e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {PostgresEngine.WorkChannel}; LISTEN {PostgresEngine.RunsChannel}; LISTEN {PostgresEngine.InboxChannel}; LISTEN {PostgresEngine.KeysChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                signal.Notify();
                runs.Signal.Notify();
                keys.ForgetAll();
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
                logger.LogWarning(ex, "Lost the notification connection; reconnecting");
                await Task.Delay(Reconnect, time, stoppingToken);
            }
        }
    }

    private void Dispatch(string channel, string payload)
    {
        if (channel == PostgresEngine.InboxChannel && payload.Split(' ') is [var recipientId, var itemId])
        {
            inbox.Publish(recipientId, itemId);
        }
        else if (channel == PostgresEngine.KeysChannel)
        {
            keys.Forget(payload);
        }
        else if (channel == PostgresEngine.RunsChannel)
        {
            runs.Signal.Notify();
        }
        else
        {
            signal.Notify();
        }
    }
}
