using Usheru.Notification.Bench.Load;
using Usheru.Notification.Bench.Processes;
using Usheru.Notification.Bench.Report;
using Usheru.Notification.Bench.Targets;

namespace Usheru.Notification.Bench.Scenarios;

/// <summary>The Hangfire baseline through the same scenarios as the service, on the same PostgreSQL and SMTP sink.</summary>
internal static class HangfireMeasurements
{
    private const int Workers = 64;

    public static async Task<ColumnResults> RunAsync(BenchContext context)
    {
        var results = new ColumnResults("Hangfire + PostgreSQL");
        var options = context.Options;
        async Task<AppProcess> FreshAsync() => await HangfireApp.StartAsync(
            context, await context.Postgres.CreateDatabaseAsync(context.NextDatabaseName("hangfire")), Workers, reuseSmtpConnection: false);

        context.Progress("Hangfire: enqueue rate, closed loop");
        results.Accept = await AcceptScenario.ClosedLoopAsync(context, FreshAsync, NotificationBodies.Email, context.Postgres);
        var halfRate = results.Accept.Load.SuccessRate / 2;
        context.Progress($"Hangfire: enqueued {results.Accept.Load.SuccessRate:0}/s; open loop at half that");
        results.HalfRate = await AcceptScenario.OpenLoopAsync(context, FreshAsync, NotificationBodies.Email, halfRate);

        context.Progress("Hangfire: accept-to-delivery latency");
        await using (var app = await FreshAsync())
        {
            results.EmailLatency = await DeliveryLatencyScenario.RunAsync(context, app, NotificationBodies.Email, context.Smtp.Arrivals);
        }

        context.Progress("Hangfire: idle CPU");
        results.IdleCpuSeconds = await IdleScenario.CpuSecondsAsync(FreshAsync, options.IdleWindow);

        // Enqueuing with no workers running is at least as fast as the closed-loop rate measured with them.
        results.EmailDrain = await DrainAsync(context, options.RateBacklog, results.Accept.Load.SuccessRate, reuseSmtpConnection: false);
        results.ReusedConnectionDrain = await DrainAsync(context, options.RateBacklog, results.Accept.Load.SuccessRate, reuseSmtpConnection: true);
        return results;
    }

    private static async Task<DrainResult> DrainAsync(BenchContext context, int count, double enqueueRate, bool reuseSmtpConnection)
    {
        context.Progress($"Hangfire: enqueuing {count} jobs at {enqueueRate:0}/s");
        var connectionString = await HangfireBacklog.PrepareAsync(context, count, enqueueRate);
        context.Progress($"Hangfire: draining {count} jobs, {(reuseSmtpConnection ? "one SMTP connection per worker" : "a new SMTP connection per job")}");
        var drain = await DrainScenario.MeasureAsync(
            () => HangfireApp.StartAsync(context, connectionString, Workers, reuseSmtpConnection), context.Smtp.Arrivals, count, context.Postgres);
        context.Progress($"Hangfire: {count} drained in {drain.Duration.TotalSeconds:0.0} s ({drain.Rate:0}/s)");
        return drain;
    }
}
