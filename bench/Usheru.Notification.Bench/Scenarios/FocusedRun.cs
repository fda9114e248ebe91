using System.Text;
using Usheru.Notification.Bench.Load;
using Usheru.Notification.Bench.Machine;
using Usheru.Notification.Bench.Report;
using Usheru.Notification.Bench.Storage;
using Usheru.Notification.Bench.Targets;

namespace Usheru.Notification.Bench.Scenarios;

/// <summary>
/// <c>--only</c>: a few windows, quick-sized, on both engines, each printed with its rate, the CPU
/// it cost per unit (service, PostgreSQL, harness) and the load average when it ended; for
/// measuring one change before and after on a machine others share.
/// </summary>
internal static class FocusedRun
{
    public static async Task<string> MarkdownAsync(BenchContext context, IReadOnlyList<string> windows, string commit, string command)
    {
        var report = new StringBuilder();
        report.AppendLine($"Commit {commit}; `{command}`; {MachineInfo.Describe()}");
        report.AppendLine();
        report.AppendLine("| Window | Engine | Rate (/s) | service ms CPU per unit | PostgreSQL ms | harness ms | load average after |");
        report.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | --- |");
        IBenchEngine[] engines = [new SqliteBenchEngine(context.RunDirectory), new PostgresBenchEngine(context.Postgres)];
        foreach (var window in windows)
        {
            if (window == "failover")
            {
                var engine = engines[1];
                context.Progress($"{engine.Name}: {window}");
                var failover = await FailoverScenario.RunAsync(context, engine, context.Options.RateBacklog);
                var row = $"| failover | {engine.Name} | {Format.Failover(failover)} | | | | {MachineInfo.LoadAverage()} |";
                context.Progress(row);
                report.AppendLine(row);
                continue;
            }
            if (window is "lanes" or "topic" or "bulk")
            {
                foreach (var engine in engines)
                {
                    context.Progress($"{engine.Name}: {window}");
                    var row = $"| {window} | {engine.Name} | {await OutcomeAsync(context, engine, window)} | | | | {MachineInfo.LoadAverage()} |";
                    context.Progress(row);
                    report.AppendLine(row);
                }
                continue;
            }
            foreach (var engine in engines)
            {
                context.Progress($"{engine.Name}: {window}");
                var (rate, cpu) = await MeasureAsync(context, engine, window);
                var row = $"| {window} | {engine.Name} | {Format.Number(rate, "#,0")} | {Ms(cpu.Target)} | {(engine.Server is null ? Format.None : Ms(cpu.Postgres))} | {Ms(cpu.Harness)} | {MachineInfo.LoadAverage()} |";
                context.Progress(row);
                report.AppendLine(row);
            }
        }
        return report.ToString();
    }

    private static async Task<(double Rate, CpuPerUnit Cpu)> MeasureAsync(BenchContext context, IBenchEngine engine, string window)
    {
        switch (window)
        {
            case "accept" or "key-accept":
                var accept = await ServiceMeasurements.ApiOnlyAcceptAsync(context, engine, realKey: window == "key-accept");
                return (accept.Load.SuccessRate, accept.PerRequest);
            case "accept-delivering":
                var delivering = await AcceptScenario.ClosedLoopAsync(context,
                    async () => await ServiceTarget.StartAsync(context, engine, await engine.CreateDatabaseAsync(context.NextDatabaseName("service"))),
                    NotificationBodies.Email, engine.Server);
                return (delivering.Load.SuccessRate, delivering.PerRequest);
            default:
                var drain = await ServiceMeasurements.DrainAsync(context, engine, context.Options.RateBacklog, webhook: window == "webhook-drain", steady: true);
                return (drain.Rate, drain.PerDelivery);
        }
    }

    /// <summary>Windows measured by what a user sees rather than CPU per unit.</summary>
    private static async Task<string> OutcomeAsync(BenchContext context, IBenchEngine engine, string window)
    {
        switch (window)
        {
            case "lanes":
                var lanes = await LanesScenario.RunAsync(context, engine);
                return $"transactional p50 / p99 {Format.Percentiles(lanes.Transactional)} ms; marketing {Format.Rate(lanes.MarketingRate)}/s; most in one second {lanes.MostInAnySecond}";
            case "topic":
                var topic = await TopicScenario.NotificationAsync(context, engine, context.Options.Followers);
                var workflow = await TopicScenario.WorkflowAsync(context, engine, context.Options.Followers);
                return $"{Format.Count(context.Options.Followers)} followers: notification {ResultsTable.TopicCell(topic)}; workflow {ResultsTable.TopicCell(workflow)} (s / per s / MB)";
            default:
                var bulk = await BulkRecipientsScenario.MeasureAsync(context, engine, context.Options.BulkRecipients);
                return $"{Format.Rate(bulk.Rate)} recipients/s ({Format.Count(bulk.Recipients)} in {Format.Number(bulk.Duration.TotalSeconds, "0.0")} s)";
        }
    }

    private static string Ms(double value) => Format.Number(value, "0.000");
}
