using System.Text;

namespace Usheru.Notification.Bench.Report;

/// <summary>The whole report, markdown, as printed at the end of a run.</summary>
internal static class ReportWriter
{
    public static string Markdown(RunInfo run, BenchOptions options, ColumnResults sqlite, ColumnResults postgres, ColumnResults hangfire, ColumnResults ceiling)
    {
        ColumnResults[] columns = [sqlite, postgres, hangfire, ceiling];
        var report = new StringBuilder();
        report.AppendLine($"## Run of {run.StartedAt:yyyy-MM-dd HH:mm} UTC ({(options.Quick ? "--quick" : "full")}, {run.Took.TotalMinutes:0} min)");
        report.AppendLine();
        report.AppendLine($"- Machine: {run.Machine}");
        report.AppendLine($"- Load average (1, 5, 15 min) at the start: {run.LoadAverageAtStart}; at the end: {run.LoadAverageAtEnd}. Other processes may have been running; the CPU table shows how much they took.");
        report.AppendLine($"- Commit: {run.Commit}; command: `{run.Command}`");
        report.AppendLine("- wrk, the harness's open-loop client and the SMTP and webhook sinks run on the same machine as what they measure.");
        report.AppendLine();
        report.Append(ResultsTable.Markdown(options, columns, ceiling));
        report.AppendLine();
        report.Append(CpuTable.Markdown(columns));
        report.AppendLine();
        report.Append(TargetVerdicts.Markdown(postgres, hangfire, ceiling));
        return report.ToString();
    }
}
