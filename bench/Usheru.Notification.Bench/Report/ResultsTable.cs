using System.Text;
using Usheru.Notification.Bench.Scenarios;

namespace Usheru.Notification.Bench.Report;

/// <summary>The main table: one row per measure, one column per program under test.</summary>
internal static class ResultsTable
{
    public static string Markdown(BenchOptions options, IReadOnlyList<ColumnResults> columns, ColumnResults ceiling)
    {
        var ceilingRate = ceiling.Accept?.Load.SuccessRate;
        var rows = new List<(string Measure, Func<ColumnResults, string> Cell)>
        {
            ($"Accept rate, closed loop, {options.Connections} connections (2xx/s; share of the ceiling)", c => c.Accept is { } a
                ? c == ceiling || ceilingRate is null ? Format.Rate(a.Load.SuccessRate) : $"{Format.Rate(a.Load.SuccessRate)} ({Format.Share(a.Load.SuccessRate / ceilingRate.Value)})"
                : Format.None),
            ("Accept latency at that load, p50 / p99 (ms)", c => Format.Percentiles(c.Accept?.Load.Latency)),
            ($"API-only accept (no delivery workers), closed loop, bootstrap key (2xx/s; ms of service CPU per request)", c => ApiRate(c.ApiAccept)),
            ($"API-only accept, closed loop, a real key from POST /v1/api-keys (2xx/s; ms of service CPU per request)", c => ApiRate(c.KeyAccept)),
            ("Open loop at half that rate (ceiling: at PostgreSQL's half rate): rate (/s), p50 / p99 (ms)", c => c.HalfRate is { } h
                ? $"{Format.Rate(h.OfferedRate)}/s: {Format.Percentiles(h.Latency)}{(h.Succeeded < h.Sent ? $" ({h.Sent - h.Succeeded} failed)" : "")}"
                : Format.None),
            ($"Accept-to-delivery, SMTP sink, {Format.Rate(options.LatencyRate)}/s open loop, p50 / p99 (ms)", c => Format.Percentiles(c.EmailLatency)),
            ($"Accept-to-delivery, webhook sink, {Format.Rate(options.LatencyRate)}/s open loop, p50 / p99 (ms)", c => Format.Percentiles(c.WebhookLatency)),
            ($"Delivery rate to the SMTP sink, {Format.Count(options.RateBacklog)} queued (/s; the service after its JIT warm-up)", c => DrainRate(c.EmailDrain)),
            ("… Hangfire with one SMTP connection kept per worker (/s)", c => DrainRate(c.ReusedConnectionDrain)),
            ($"Delivery rate to the webhook sink, {Format.Count(options.RateBacklog)} queued (/s; after the JIT warm-up)", c => DrainRate(c.WebhookDrain)),
            ($"Failover: two instances drain {Format.Count(options.RateBacklog)} queued emails, one is killed (-9) mid-drain; its in-flight deliveries all arrived after", c => c.Failover is { } f ? Format.Failover(f) : Format.None),
            ($"Idle CPU, empty queue (CPU s in {options.IdleWindow.TotalSeconds:0} s)", c => c.IdleCpuSeconds is { } s ? Format.Number(s, "0.00") : Format.None),
        };
        rows.Add(($"Transactional accept-to-send, {Format.Rate(options.LanesTransactionalRate)}/s open loop, while {Format.Count(options.LanesBacklog)} queued marketing emails drain at a cap of {Format.Rate(options.LanesCap)}/s: p50 / p99 (ms); marketing meanwhile (/s); most emails in any one second",
            c => c.Lanes is { } l
                ? $"{Format.Percentiles(l.Transactional)}; {Format.Rate(l.MarketingRate)}/s; {Format.Number(l.MostInAnySecond, "0")}"
                : Format.None));
        foreach (var count in options.ScalingSteps)
        {
            rows.Add(($"{Format.Count(count)} queued emails: drain time (s) / peak RSS (MB)", c =>
                c.Scaling.TryGetValue(count, out var d) ? $"{Format.Number(d.Duration.TotalSeconds, "0.0")} / {Format.Mb(d.PeakRssBytes)}{Missing(d)}" : Format.None));
        }

        rows.Add(($"Notification to a topic of {Format.Count(options.Followers)} followers: time to the last email (s) / email rate (/s) / peak RSS (MB)",
            c => TopicCell(c.TopicDrain)));
        rows.Add(($"Workflow (inbox, delay 1 s, email) to the same topic: time to the last run's email (s) / runs completed (/s) / peak RSS (MB)",
            c => TopicCell(c.WorkflowDrain)));
        rows.Add(($"Bulk recipients: POST /v1/recipients/bulk, 1,000 per call, four in flight, {Format.Count(options.BulkRecipients)} recipients (/s)",
            c => c.Bulk is { } b ? Format.Rate(b.Rate) : Format.None));

        var table = new StringBuilder();
        table.AppendLine($"| Measure | {string.Join(" | ", columns.Select(c => c.Name))} |");
        table.AppendLine($"| --- |{string.Concat(columns.Select(_ => " ---: |"))}");
        foreach (var (measure, cell) in rows)
        {
            table.AppendLine($"| {measure} | {string.Join(" | ", columns.Select(cell))} |");
        }
        return table.ToString();
    }

    public static string TopicCell(DrainResult? d) => d is null ? Format.None
        : $"{Format.Number(d.Duration.TotalSeconds, "0.0")} / {Format.Rate(d.Rate)} / {Format.Mb(d.PeakRssBytes)}{Missing(d)}";

    private static string DrainRate(DrainResult? drain) => drain is null ? Format.None : Format.Rate(drain.Rate) + Missing(drain);

    private static string Missing(DrainResult drain) => drain.Arrived < drain.Count ? $" ({drain.Count - drain.Arrived} never arrived)" : "";

    private static string ApiRate(ClosedLoopResult? accept) => accept is null
        ? Format.None
        : $"{Format.Rate(accept.Load.SuccessRate)} ({Format.Number(accept.PerRequest.Target, "0.000")} ms)";
}
