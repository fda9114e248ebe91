using System.Text;
using Usheru.Notification.Bench.Machine;

namespace Usheru.Notification.Bench.Report;

/// <summary>
/// Who kept the cores busy during each saturated window (what holds a figure back), and the CPU
/// each unit of work cost: milliseconds per request answered or per delivery made.
/// </summary>
internal static class CpuTable
{
    public static string Markdown(IReadOnlyList<ColumnResults> columns)
    {
        var table = new StringBuilder();
        table.AppendLine($"| Window (average cores busy, of {Environment.ProcessorCount}) | program under test | PostgreSQL | harness: wrk, client, sinks | other processes | idle | ms CPU per unit: program / PostgreSQL / harness | PostgreSQL busy backends: commonest states |");
        table.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var column in columns)
        {
            Row(table, $"{column.Name}: closed-loop accept", column.Accept?.Window, column.Accept?.PerRequest);
            Row(table, $"{column.Name}: API-only accept, bootstrap key", column.ApiAccept?.Window, column.ApiAccept?.PerRequest);
            Row(table, $"{column.Name}: API-only accept, real key", column.KeyAccept?.Window, column.KeyAccept?.PerRequest);
            Row(table, $"{column.Name}: SMTP drain", column.EmailDrain?.Window, column.EmailDrain?.PerDelivery);
            Row(table, $"{column.Name}: SMTP drain, connection kept per worker", column.ReusedConnectionDrain?.Window, column.ReusedConnectionDrain?.PerDelivery);
            Row(table, $"{column.Name}: webhook drain", column.WebhookDrain?.Window, column.WebhookDrain?.PerDelivery);
            Row(table, $"{column.Name}: transactional sends under a capped marketing drain", column.Lanes?.Window, null);
            foreach (var (count, drain) in column.Scaling)
            {
                Row(table, $"{column.Name}: {Format.Count(count)} email drain", drain.Window, drain.PerDelivery);
            }
            Row(table, $"{column.Name}: topic fan-out", column.TopicDrain?.Window, column.TopicDrain?.PerDelivery);
            Row(table, $"{column.Name}: workflow runs", column.WorkflowDrain?.Window, column.WorkflowDrain?.PerDelivery);
        }
        return table.ToString();
    }

    private static void Row(StringBuilder table, string name, MonitoredWindow? window, CpuPerUnit? perUnit)
    {
        if (window is { Cpu: var cpu })
        {
            var unit = perUnit is null ? Format.None : $"{Ms(perUnit.Target)} / {(window.PostgresWaits is null ? Format.None : Ms(perUnit.Postgres))} / {Ms(perUnit.Harness)}";
            table.AppendLine($"| {name} | {Cores(cpu.Target)} | {Cores(cpu.Postgres)} | {Cores(cpu.Harness)} | {Cores(cpu.Others)} | {Cores(cpu.Idle)} | {unit} | {window.PostgresWaits ?? Format.None} |");
        }
    }

    private static string Ms(double value) => Format.Number(value, "0.000");

    private static string Cores(double value) => Format.Number(value, "0.00");
}
