using System.Collections.Concurrent;
using System.Diagnostics;
using Usheru.Notification.Bench.Load;
using Usheru.Notification.Bench.Processes;
using Usheru.Notification.Bench.Sinks;

namespace Usheru.Notification.Bench.Scenarios;

/// <summary>
/// Accept-to-delivery latency when the queue is not backlogged: notifications sent at a moderate
/// open-loop rate, each timed from its 202 reaching the client to its arrival at the sink, matched
/// on the delivery id (<c>X-Delivery-Id</c> for email, <c>webhook-id</c> for webhooks). A delivery
/// that has not arrived once none has for a minute counts as infinitely late.
/// </summary>
internal static class DeliveryLatencyScenario
{
    private static readonly TimeSpan WarmupWindow = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(60);

    public static async Task<LatencySummary> RunAsync(BenchContext context, AppProcess app, string body, Arrivals arrivals)
    {
        var rate = context.Options.LatencyRate;
        HttpRequestMessage Request() => NotificationBodies.Post(app.BaseUrl, body, BenchContext.BootstrapKey);

        // Warm-up: first connections to the sink and the database, JIT; then a quiet queue.
        arrivals.Reset();
        var warmup = await context.Paced.RunAsync(Request, rate, WarmupWindow);
        await arrivals.WaitForAsync(warmup.Succeeded, Stall);

        arrivals.Reset();
        var arrived = arrivals.Track();
        var accepted = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var run = await context.Paced.RunAsync(Request, rate, context.Options.LatencyWindow,
            async (response, at) => accepted[await NotificationBodies.FirstDeliveryIdAsync(response)] = at);
        await arrivals.WaitForAsync(run.Succeeded, Stall);
        return LatencySummary.Of(accepted.Select(a => arrived.TryGetValue(a.Key, out var at)
            ? Stopwatch.GetElapsedTime(a.Value, at).TotalMilliseconds
            : double.PositiveInfinity));
    }
}
