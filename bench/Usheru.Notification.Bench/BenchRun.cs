using Usheru.Notification.Bench.Load;
using Usheru.Notification.Bench.Machine;
using Usheru.Notification.Bench.Processes;
using Usheru.Notification.Bench.Report;
using Usheru.Notification.Bench.Scenarios;
using Usheru.Notification.Bench.Sinks;
using Usheru.Notification.Bench.Storage;
using Usheru.Notification.Bench.Targets;

namespace Usheru.Notification.Bench;

/// <summary>The whole benchmark: set up the shared pieces, measure every program, print the report.</summary>
internal static class BenchRun
{
    public static async Task RunAsync(BenchOptions options, string command)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var loadAtStart = MachineInfo.LoadAverage();
        Prerequisites.ServiceBuilt();
        var wrk = await Prerequisites.WrkAsync();
        var commit = (await Shell.RunAsync("git", ["-C", RepoPaths.Root, "describe", "--always", "--dirty"])).Trim();
        var runDirectory = Directory.CreateTempSubdirectory("usheru-bench-").FullName;

        await using var postgres = await PostgresCluster.StartAsync();
        await using var smtp = SmtpSink.Start();
        await using var webhooks = await WebhookSink.StartAsync();
        using var paced = new PacedLoad();
        var context = new BenchContext(options, runDirectory, new WrkLoad(wrk, runDirectory), paced, smtp, webhooks, postgres);
        context.Progress($"load average {loadAtStart}; logs in {runDirectory}");
        if (options.Only is { } only)
        {
            Console.WriteLine(await FocusedRun.MarkdownAsync(context, only, commit, command));
            Directory.Delete(runDirectory, recursive: true);
            return;
        }

        var ceiling = new ColumnResults("Bare Kestrel (ceiling)");
        context.Progress("ceiling: bare Kestrel, closed loop");
        ceiling.Accept = await AcceptScenario.ClosedLoopAsync(context, () => CeilingApp.StartAsync(context), NotificationBodies.Email, database: null);
        context.Progress($"ceiling: {ceiling.Accept.Load.SuccessRate:0}/s");
        var sqlite = await ServiceMeasurements.RunAsync(context, new SqliteBenchEngine(runDirectory));
        var postgresResults = await ServiceMeasurements.RunAsync(context, new PostgresBenchEngine(postgres));
        if (postgresResults.HalfRate is { } postgresHalfRate)
        {
            context.Progress("ceiling: open loop at PostgreSQL's half rate, the floor the machine and the client set");
            ceiling.HalfRate = await AcceptScenario.OpenLoopAsync(context, () => CeilingApp.StartAsync(context), NotificationBodies.Email, postgresHalfRate.OfferedRate);
        }
        var hangfire = await HangfireMeasurements.RunAsync(context);

        var run = new RunInfo(MachineInfo.Describe(), commit, command, startedAt, DateTimeOffset.UtcNow - startedAt, loadAtStart, MachineInfo.LoadAverage());
        Console.WriteLine(ReportWriter.Markdown(run, options, sqlite, postgresResults, hangfire, ceiling));
        Directory.Delete(runDirectory, recursive: true);
    }
}
