using System.Text;
using Usheru.Notification.Bench.Machine;

namespace Usheru.Notification.Bench.Report;

/// <summary>Who kept the cores busy during each saturated window: what holds a figure back.</summary>
internal static class CpuTable
{
    public static string Markdown(IReadOnlyList<ColumnResults> columns)
    {
        var table = new StringBuilder();
        table.AppendLine($"| Window (average cores busy, of {Environment.ProcessorCount}) | program under test | PostgreSQL | harness: wrk, client, sinks | other processes | idle | PostgreSQL busy backends: commonest states |");
        table.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var column in columns)
        {
            Row(table, $"{column.Name}: closed-loop accept", column.Accept?.Window);
            Row(table, $"{column.Name}: SMTP drain", column.EmailDrain?.Window);
            Row(table, $"{column.Name}: SMTP drain, connection kept per worker", column.ReusedConnectionDrain?.Window);
            Row(table, $"{column.Name}: webhook drain", column.WebhookDrain?.Window);
            Row(table, $"{column.Name}: transactional sends under a capped marketing drain", column.Lanes?.Window);
            foreach (var (count, drain) in column.Scaling)
            {
                Row(table, $"{column.Name}: {Format.Count(count)} email drain", drain.Window);
            }
        }
        return table.ToString();
    }

    private static void Row(StringBuilder table, string name, MonitoredWindow? window)
    {
        if (window is { Cpu: var cpu })
        {
            table.AppendLine($"| {name} | {Cores(cpu.Target)} | {Cores(cpu.Postgres)} | {Cores(cpu.Harness)} | {Cores(cpu.Others)} | {Cores(cpu.Idle)} | {window.PostgresWaits ?? Format.None} |");
        }
    }

    private static string Cores(double value) => Format.Number(value, "0.00");
}
