using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Usheru.Notification.Bench.Load;
using Usheru.Notification.Bench.Machine;
using Usheru.Notification.Bench.Storage;
using Usheru.Notification.Bench.Targets;

namespace Usheru.Notification.Bench.Scenarios;

/// <summary>
/// Lanes and capacity: a marketing backlog (an on-sale wave) is written straight into a stopped
/// service's tables, in the marketing lane; the service starts with email capped
/// (<c>Delivery:Channels:email:RatePerSecond</c>); once the drain is under way, transactional emails
/// are sent open loop, each timed from its 202 to its arrival at the sink, matched on its delivery
/// id. Meanwhile the sink counts the marketing rate and the most emails of either lane in any one
/// second. A transactional email that has not arrived once none has for a minute counts as never.
/// </summary>
internal static class LanesScenario
{
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(60);

    public static async Task<LanesResult> RunAsync(BenchContext context, IBenchEngine engine)
    {
        var options = context.Options;
        context.Progress($"{engine.Name}: loading {options.LanesBacklog} queued marketing emails");
        var connectionString = await ServiceBacklog.PrepareAsync(context, engine, Backlog.MarketingEmail(options.LanesBacklog));
        var arrivals = context.Smtp.Arrivals;
        arrivals.Reset();
        var cap = options.LanesCap.ToString(CultureInfo.InvariantCulture);
        await using var app = await ServiceTarget.StartAsync(context, engine, connectionString,
            new Dictionary<string, string> { ["Delivery__Channels__email__RatePerSecond"] = cap });
        // Past the first seconds of JIT and connection set-up: the drain runs at the cap.
        await arrivals.WaitForAsync((long)(options.LanesCap * options.Warmup.TotalSeconds), Stall);

        context.Progress($"{engine.Name}: transactional emails at {options.LanesTransactionalRate:0}/s while marketing drains at {cap}/s");
        var arrived = arrivals.Track();
        var window = WindowMonitor.Start(app.Pid, engine.Server);
        var started = Stopwatch.GetTimestamp();
        var accepted = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        await context.Paced.RunAsync(() => NotificationBodies.Post(app.BaseUrl, NotificationBodies.Email, BenchContext.BootstrapKey),
            options.LanesTransactionalRate, options.LatencyWindow,
            async (response, at) => accepted[await NotificationBodies.FirstDeliveryIdAsync(response)] = at);
        await AllArrivedAsync(accepted.Keys, arrived);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var watched = await window.StopAsync();
        app.ThrowIfExited("the lanes window");

        var transactional = LatencySummary.Of(accepted.Select(a => arrived.TryGetValue(a.Key, out var at)
            ? Stopwatch.GetElapsedTime(a.Value, at).TotalMilliseconds
            : double.PositiveInfinity));
        var marketing = arrived.Count(a => !accepted.ContainsKey(a.Key));
        var result = new LanesResult(options.LanesBacklog, options.LanesCap, transactional, marketing / elapsed.TotalSeconds,
            MostInAnySecond([.. arrived.Values]), watched);
        context.Progress($"{engine.Name}: transactional p50 {transactional.P50:0} ms, p99 {transactional.P99:0} ms; marketing {result.MarketingRate:0}/s; at most {result.MostInAnySecond} in a second");
        return result;
    }

    /// <summary>Until every accepted delivery has arrived, or none has for <see cref="Stall"/>.</summary>
    private static async Task AllArrivedAsync(ICollection<string> accepted, ConcurrentDictionary<string, long> arrived)
    {
        var waiting = accepted.Count(id => !arrived.ContainsKey(id));
        var lastProgress = Stopwatch.GetTimestamp();
        while (waiting > 0 && Stopwatch.GetElapsedTime(lastProgress) < Stall)
        {
            await Task.Delay(20);
            var now = accepted.Count(id => !arrived.ContainsKey(id));
            if (now < waiting)
            {
                (waiting, lastProgress) = (now, Stopwatch.GetTimestamp());
            }
        }
    }

    private static int MostInAnySecond(long[] timestamps)
    {
        Array.Sort(timestamps);
        var most = 0;
        for (int first = 0, last = 0; last < timestamps.Length; last++)
        {
            while (Stopwatch.GetElapsedTime(timestamps[first], timestamps[last]) >= TimeSpan.FromSeconds(1))
            {
                first++;
            }
            most = Math.Max(most, last - first + 1);
        }
        return most;
    }
}
