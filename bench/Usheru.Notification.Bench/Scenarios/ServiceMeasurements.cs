using Usheru.Notification.Bench.Load;
using Usheru.Notification.Bench.Processes;
using Usheru.Notification.Bench.Report;
using Usheru.Notification.Bench.Storage;
using Usheru.Notification.Bench.Targets;

namespace Usheru.Notification.Bench.Scenarios;

/// <summary>Every measurement of the service on one storage engine; each on a fresh database.</summary>
internal static class ServiceMeasurements
{
    public static async Task<ColumnResults> RunAsync(BenchContext context, IBenchEngine engine)
    {
        var results = new ColumnResults(engine.Name);
        var options = context.Options;
        async Task<AppProcess> FreshAsync() =>
            await ServiceTarget.StartAsync(context, engine, await engine.CreateDatabaseAsync(context.NextDatabaseName("service")));

        context.Progress($"{engine.Name}: accept rate, closed loop");
        results.Accept = await AcceptScenario.ClosedLoopAsync(context, FreshAsync, NotificationBodies.Email, engine.Server);
        context.Progress($"{engine.Name}: accepted {results.Accept.Load.SuccessRate:0}/s; open loop at half that");
        results.HalfRate = await AcceptScenario.OpenLoopAsync(context, FreshAsync, NotificationBodies.Email, results.Accept.Load.SuccessRate / 2);

        context.Progress($"{engine.Name}: API-only accept rate (no delivery workers), bootstrap key");
        results.ApiAccept = await ApiOnlyAcceptAsync(context, engine, realKey: false);
        context.Progress($"{engine.Name}: API-only accepted {results.ApiAccept.Load.SuccessRate:0}/s; again with a real key");
        results.KeyAccept = await ApiOnlyAcceptAsync(context, engine, realKey: true);

        context.Progress($"{engine.Name}: accept-to-delivery latency");
        await using (var service = await FreshAsync())
        {
            results.EmailLatency = await DeliveryLatencyScenario.RunAsync(context, service, NotificationBodies.Email, context.Smtp.Arrivals);
            var endpoint = await ServiceTarget.CreateWebhookEndpointAsync(service, context.Webhooks.Url);
            results.WebhookLatency = await DeliveryLatencyScenario.RunAsync(context, service, NotificationBodies.Webhook(endpoint), context.Webhooks.Arrivals);
        }

        context.Progress($"{engine.Name}: idle CPU");
        results.IdleCpuSeconds = await IdleScenario.CpuSecondsAsync(FreshAsync, options.IdleWindow);

        results.EmailDrain = await DrainAsync(context, engine, options.RateBacklog, webhook: false, steady: true);
        results.WebhookDrain = await DrainAsync(context, engine, options.RateBacklog, webhook: true, steady: true);
        foreach (var count in options.ScalingSteps)
        {
            results.Scaling[count] = await DrainAsync(context, engine, count, webhook: false);
        }

        if (engine.Server is not null)
        {
            context.Progress($"{engine.Name}: failover, two instances, one killed mid-drain");
            results.Failover = await FailoverScenario.RunAsync(context, engine, options.RateBacklog);
            context.Progress($"{engine.Name}: the killed instance's deliveries arrived {Format.Failover(results.Failover)}");
        }

        context.Progress($"{engine.Name}: a notification to {options.Followers} followers of a topic");
        results.TopicDrain = await TopicScenario.NotificationAsync(context, engine, options.Followers);
        context.Progress($"{engine.Name}: a workflow to the same followers ({results.TopicDrain.Rate:0}/s for the notification)");
        results.WorkflowDrain = await TopicScenario.WorkflowAsync(context, engine, options.Followers);
        context.Progress($"{engine.Name}: workflow runs completed at {results.WorkflowDrain.Rate:0}/s");
        results.Lanes = await LanesScenario.RunAsync(context, engine);
        context.Progress($"{engine.Name}: bulk recipients");
        results.Bulk = await BulkRecipientsScenario.MeasureAsync(context, engine, options.BulkRecipients);
        return results;
    }

    /// <summary>
    /// Closed-loop accept on an instance that runs no delivery workers (<c>Delivery:Concurrency=0</c>):
    /// the cost of an accept alone. <paramref name="realKey"/>: with a key made by <c>POST /v1/api-keys</c>
    /// rather than the bootstrap key.
    /// </summary>
    public static Task<ClosedLoopResult> ApiOnlyAcceptAsync(BenchContext context, IBenchEngine engine, bool realKey) =>
        AcceptScenario.ClosedLoopAsync(context,
            async () => await ServiceTarget.StartAsync(context, engine, await engine.CreateDatabaseAsync(context.NextDatabaseName("api")),
                new Dictionary<string, string> { ["Delivery__Concurrency"] = "0" }),
            NotificationBodies.Email, engine.Server, realKey ? ServiceTarget.CreateApiKeyAsync : null);

    /// <param name="steady">
    /// Measure a service whose JIT has settled: the queue holds <see cref="SteadyWarmup"/> more,
    /// drained first while tiered compilation runs (<see cref="DrainScenario.MeasureWarmAsync"/>).
    /// </param>
    public static async Task<DrainResult> DrainAsync(BenchContext context, IBenchEngine engine, int count, bool webhook, bool steady = false)
    {
        var channel = webhook ? "webhook" : "email";
        var warmup = steady ? SteadyWarmup : 0;
        context.Progress($"{engine.Name}: loading {count}{(steady ? $" + {warmup} (warm-up)" : "")} queued {channel} deliveries");
        var connectionString = await ServiceBacklog.PrepareAsync(context, engine, count + warmup, webhook);
        context.Progress($"{engine.Name}: draining {count + warmup} {channel} deliveries");
        var sink = webhook ? context.Webhooks.Arrivals : context.Smtp.Arrivals;
        Task<AppProcess> Start() => ServiceTarget.StartAsync(context, engine, connectionString);
        var drain = steady
            ? await DrainScenario.MeasureWarmAsync(Start, sink, count, warmup, engine.Server)
            : await DrainScenario.MeasureAsync(Start, sink, count, engine.Server);
        context.Progress($"{engine.Name}: {drain.Arrived} {channel} drained{(steady ? " after the warm-up" : "")} in {drain.Duration.TotalSeconds:0.0} s ({drain.Rate:0}/s){(drain.JitSettled ? "" : "; the JIT was still compiling")}");
        return drain;
    }

    /// <summary>The most deliveries a steady drain spends warming up (about 30 s of JIT on this VM at ~1,500/s).</summary>
    private const int SteadyWarmup = 50_000;
}
