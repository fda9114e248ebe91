using Usheru.Notification.Bench.Load;
using Usheru.Notification.Bench.Targets;

namespace Usheru.Notification.Bench.Scenarios;

/// <summary>A Hangfire database holding enqueued email jobs, enqueued through the baseline's own endpoint with no server running.</summary>
internal static class HangfireBacklog
{
    /// <returns>The connection string of the database holding the jobs.</returns>
    public static async Task<string> PrepareAsync(BenchContext context, int count, double rate)
    {
        var connectionString = await context.Postgres.CreateDatabaseAsync(context.NextDatabaseName("hangfire_backlog"));
        await using var app = await HangfireApp.StartAsync(context, connectionString, workers: 0, reuseSmtpConnection: false);
        var enqueued = await context.Paced.RunAsync(
            () => NotificationBodies.Post(app.BaseUrl, NotificationBodies.Email, BenchContext.BootstrapKey), rate, count);
        return enqueued.Succeeded == count
            ? connectionString
            : throw new InvalidOperationException($"Only {enqueued.Succeeded} of {count} Hangfire jobs were enqueued.");
    }
}
