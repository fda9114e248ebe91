using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using Usheru.Notification.Api.Storage;
using Usheru.Notification.Api.Storage.Postgres;
using Usheru.Notification.Api.Workflows;

namespace Usheru.Notification.Api.Delivery;

/// <summary>
/// PostgreSQL only (one SQLite file has one process): renews this instance's row in
/// <c>instances</c> every <see cref="DeliveryOptions.HeartbeatSeconds"/>, on a connection of its
/// own so a busy pool cannot delay it, and on each beat looks for instances whose row is older than
/// <see cref="DeliveryOptions.DeadAfterSeconds"/>. Their in-flight deliveries go back in the queue
/// at their old due time (so they are claimed before younger work, within seconds of the death)
/// and their running workflow runs fall due at once; then their row goes. The times are the
/// database's clock, so instances whose clocks differ agree on who is dead. A live instance that
/// was only paused longer than that loses its claims as if its leases had expired: its late
/// completions are dropped by the lease guard, as after any rescue. An instance that stops
/// gracefully removes its own row last, so a deployment is not reported as a death.
/// </summary>
internal sealed class InstanceLiveness(
    PostgresEngine engine,
    InstanceIdentity instance,
    WorkSignal work,
    RunSignal runs,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<InstanceLiveness> logger) : BackgroundService
{
    private const string DatabaseNow = "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Hosting.BackgroundLoop.RunAsync(nameof(InstanceLiveness), RunAsync, time, logger, stoppingToken);

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        // Real time, like the database clock the beats are compared on: liveness is about processes,
        // not the service's notion of now (which a test may hold still while real seconds pass).
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.HeartbeatSeconds));
        NpgsqlConnection? connection = null;
        try
        {
            do
            {
                try
                {
                    connection ??= await engine.DataSource.OpenConnectionAsync(stoppingToken);
                    await BeatAsync(connection, stoppingToken);
                }
                catch (Exception ex) when (IsDatabaseTrouble(ex))
                {
                    logger.LogWarning(ex, "Instance heartbeat failed; trying again at the next beat");
                    if (connection is not null)
                    {
                        await connection.DisposeAsync();
                        connection = null;
                    }
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped by the host, after the workers (registered later, stopped earlier) drained or
            // handed back all they held: nothing is left to rescue, so the others need not think it dead.
            await LeaveAsync();
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private async Task LeaveAsync()
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            // A connection of its own: a beat cut short by the stop may have left the other one mid-query.
            await using var connection = await engine.DataSource.OpenConnectionAsync(patience.Token);
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM instances WHERE id = @id", new { id = instance.Id }, cancellationToken: patience.Token));
        }
        catch (Exception ex) when (IsDatabaseTrouble(ex) || ex is OperationCanceledException)
        {
            logger.LogInformation(ex, "Could not remove this instance's heartbeat row on the way out; the others will see it stop in {Seconds} s",
                options.Value.DeadAfterSeconds);
        }
    }

    private static bool IsDatabaseTrouble(Exception ex) =>
        ex is NpgsqlException or TimeoutException or System.IO.IOException or InvalidOperationException;

    /// <summary>Renews this instance's row, and rescues the work of any instance that stopped renewing its own.</summary>
    public async Task BeatAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var deadAfter = options.Value.DeadAfterSeconds * 1000L;
        var dead = (await connection.QueryAsync<string>(new CommandDefinition($"""
            INSERT INTO instances (id, heartbeat_at) VALUES (@id, {DatabaseNow})
                ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at;
            SELECT id FROM instances WHERE heartbeat_at < {DatabaseNow} - @deadAfter
            """, new { id = instance.Id, deadAfter }, cancellationToken: cancellationToken))).ToArray();
        if (dead.Length == 0)
        {
            return;
        }
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var now = time.Now();
        var deliveries = await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE deliveries SET status = 'retrying', lease_token = NULL, lease_expires_at = NULL
             WHERE status = 'sending' AND leased_by = ANY(@dead)
            """, new { dead }, transaction, cancellationToken: cancellationToken));
        var runsDue = await connection.ExecuteAsync(new CommandDefinition($"""
            UPDATE workflow_runs SET due_at = @now WHERE status = '{RunStatus.Running}' AND leased_by = ANY(@dead)
            """, new { now, dead }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition($"""
            DELETE FROM instances WHERE id = ANY(@dead) AND heartbeat_at < {DatabaseNow} - @deadAfter;
            NOTIFY {PostgresEngine.WorkChannel}; NOTIFY {PostgresEngine.RunsChannel}
            """, new { dead, deadAfter }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        logger.LogWarning("Instances {Instances} stopped renewing their heartbeat: rescued {Deliveries} deliveries and {Runs} workflow runs they held",
            string.Join(", ", dead), deliveries, runsDue);
        work.Notify();
        runs.Signal.Notify();
    }
}
