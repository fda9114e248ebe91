using Usheru.Notification.Bench.Load;
using Usheru.Notification.Bench.Machine;
using Usheru.Notification.Bench.Processes;
using Usheru.Notification.Bench.Storage;

namespace Usheru.Notification.Bench.Scenarios;

/// <summary>
/// How fast a program answers <c>POST /v1/notifications</c>: closed loop at a fixed number of
/// connections (the most it sustains), and open loop at half that rate (latency when not saturated).
/// Each run gets a freshly started program and a warm-up that is not measured.
/// </summary>
internal static class AcceptScenario
{
    /// <param name="key">The key the load sends, made by the started program (e.g. a real key from <c>POST /v1/api-keys</c>); the bootstrap key when null.</param>
    public static async Task<ClosedLoopResult> ClosedLoopAsync(BenchContext context, Func<Task<AppProcess>> start, string body, PostgresCluster? database,
        Func<AppProcess, Task<string>>? key = null)
    {
        await using var app = await start();
        var url = new Uri(app.BaseUrl, "v1/notifications");
        var options = context.Options;
        var bearer = key is null ? BenchContext.BootstrapKey : await key(app);
        // The warm-up runs until the tiered JIT has compiled the hot paths, so the window measures steady state.
        var settled = TieredJit.SettleAsync(app.Pid, options.Warmup);
        do
        {
            await context.Wrk.RunAsync(url, body, bearer, options.Connections, TimeSpan.FromSeconds(2));
        }
        while (!settled.IsCompleted);
        var (took, quiet) = await settled;
        context.Progress($"warm after {took.TotalSeconds:0} s{(quiet ? "" : ", the JIT still compiling")}");
        var window = WindowMonitor.Start(app.Pid, database);
        var load = await context.Wrk.RunAsync(url, body, bearer, options.Connections, options.Window);
        return new ClosedLoopResult(load, await window.StopAsync());
    }

    public static async Task<PacedResult> OpenLoopAsync(BenchContext context, Func<Task<AppProcess>> start, string body, double rate)
    {
        await using var app = await start();
        HttpRequestMessage Request() => NotificationBodies.Post(app.BaseUrl, body, BenchContext.BootstrapKey);
        await context.Paced.RunAsync(Request, rate, context.Options.Warmup);
        return await context.Paced.RunAsync(Request, rate, context.Options.Window);
    }
}
