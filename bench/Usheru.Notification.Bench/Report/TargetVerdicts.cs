using System.Text;

namespace Usheru.Notification.Bench.Report;

/// <summary>The team's targets, judged on the PostgreSQL figures of this run.</summary>
internal static class TargetVerdicts
{
    private const double CeilingShare = 0.5;
    private const double HalfRateP99Ms = 20;
    private const double HangfireMultiple = 5;
    private const double DeliveryP50Ms = 50;
    private const long RssBytes = 500L * 1024 * 1024;
    private const int LargestBacklog = 1_000_000;
    private const double LanesP99Ms = 1000;

    public static string Markdown(ColumnResults postgres, ColumnResults hangfire, ColumnResults ceiling)
    {
        var table = new StringBuilder();
        table.AppendLine("| Target (PostgreSQL) | Measured | Verdict |");
        table.AppendLine("| --- | --- | --- |");

        if (postgres.Accept is { } accept && ceiling.Accept is { } bare)
        {
            var share = accept.Load.SuccessRate / bare.Load.SuccessRate;
            Row(table, $"Accept rate ≥ {CeilingShare:0%} of the bare-Kestrel ceiling",
                $"{Format.Rate(accept.Load.SuccessRate)}/s = {Format.Share(share)} of {Format.Rate(bare.Load.SuccessRate)}/s",
                share >= CeilingShare, $"{Format.Number(CeilingShare / share, "0.0")}× short");
        }
        if (postgres.HalfRate is { } half)
        {
            Row(table, $"p99 < {HalfRateP99Ms} ms at half the accept rate",
                $"{Format.Ms(half.Latency.P99)} ms at {Format.Rate(half.OfferedRate)}/s",
                half.Latency.P99 < HalfRateP99Ms, $"{Format.Number(half.Latency.P99 / HalfRateP99Ms, "0.0")}× over");
        }
        if (postgres.EmailDrain is { } drain && hangfire.EmailDrain is { } perJob)
        {
            var multiple = drain.Rate / perJob.Rate;
            var reused = hangfire.ReusedConnectionDrain is { } r ? $"; {Format.Number(drain.Rate / r.Rate, "0.0")}× Hangfire keeping a connection per worker" : "";
            Row(table, $"Delivery rate to SMTP ≥ {HangfireMultiple}× Hangfire",
                $"{Format.Rate(drain.Rate)}/s = {Format.Number(multiple, "0.0")}× Hangfire with a new connection per job ({Format.Rate(perJob.Rate)}/s){reused}",
                multiple >= HangfireMultiple, $"{Format.Number(HangfireMultiple / multiple, "0.0")}× short");
        }
        if (postgres.EmailLatency is { } latency)
        {
            Row(table, $"Accept-to-delivery p50 < {DeliveryP50Ms} ms, queue not backlogged",
                $"{Format.Ms(latency.P50)} ms (p99 {Format.Ms(latency.P99)} ms)",
                latency.P50 < DeliveryP50Ms, $"{Format.Number(latency.P50 / DeliveryP50Ms, "0.0")}× over");
        }
        if (postgres.Lanes is { } lanes)
        {
            Row(table, $"Transactional accept-to-send p99 ≤ {LanesP99Ms:N0} ms while a marketing backlog drains at a cap",
                $"{Format.Ms(lanes.Transactional.P99)} ms (p50 {Format.Ms(lanes.Transactional.P50)} ms) under {Format.Count(lanes.Backlog)} marketing at {Format.Rate(lanes.Cap)}/s",
                lanes.Transactional.P99 <= LanesP99Ms, $"{Format.Number(lanes.Transactional.P99 / LanesP99Ms, "0.0")}× over");
        }
        if (postgres.Scaling.TryGetValue(LargestBacklog, out var million))
        {
            Row(table, $"1M queued deliveries drain with peak RSS < {Format.Mb(RssBytes)} MB",
                $"{Format.Mb(million.PeakRssBytes)} MB; drained in {Format.Number(million.Duration.TotalSeconds, "0")} s",
                million.PeakRssBytes < RssBytes, $"{Format.Number((double)million.PeakRssBytes / RssBytes, "0.0")}× over");
        }
        else
        {
            table.AppendLine($"| 1M queued deliveries drain with peak RSS < {Format.Mb(RssBytes)} MB | not measured in this run (--quick) | — |");
        }
        return table.ToString();
    }

    private static void Row(StringBuilder table, string target, string measured, bool hit, string byHowMuch) =>
        table.AppendLine($"| {target} | {measured} | {(hit ? "hit" : $"miss ({byHowMuch})")} |");
}
