using Usheru.Notification.Bench.Storage;
using Usheru.Notification.Bench.Targets;

namespace Usheru.Notification.Bench.Scenarios;

/// <summary>
/// A database holding queued deliveries, made fast: the service starts once to create its schema
/// (and, for webhooks, the endpoint), stops, and the rows are written directly.
/// </summary>
internal static class ServiceBacklog
{
    /// <returns>The connection string of the database holding the backlog.</returns>
    public static async Task<string> PrepareAsync(BenchContext context, IBenchEngine engine, int count, bool webhook)
    {
        var connectionString = await engine.CreateDatabaseAsync(context.NextDatabaseName("backlog"));
        Backlog backlog;
        await using (var service = await ServiceTarget.StartAsync(context, engine, connectionString))
        {
            backlog = webhook
                ? Backlog.Webhook(count, await ServiceTarget.CreateWebhookEndpointAsync(service, context.Webhooks.Url))
                : Backlog.Email(count);
        }
        await engine.LoadBacklogAsync(connectionString, backlog);
        return connectionString;
    }

    /// <returns>The connection string of a database holding <paramref name="backlog"/>, which needs nothing the service must create.</returns>
    public static async Task<string> PrepareAsync(BenchContext context, IBenchEngine engine, Backlog backlog)
    {
        var connectionString = await engine.CreateDatabaseAsync(context.NextDatabaseName("backlog"));
        await using (await ServiceTarget.StartAsync(context, engine, connectionString))
        {
            // Started once for its schema.
        }
        await engine.LoadBacklogAsync(connectionString, backlog);
        return connectionString;
    }
}
