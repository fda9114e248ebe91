using System.Diagnostics;

namespace Usheru.Notification.Bench.Processes;

/// <summary>
/// A program run beside the harness with its output appended to a log file by the shell, so the
/// harness spends no CPU relaying it. Stopped with SIGTERM, killed if it lingers.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private static readonly TimeSpan StopPatience = TimeSpan.FromSeconds(30);
    private readonly Process process;

    private ChildProcess(Process process, string logFile)
    {
        this.process = process;
        LogFile = logFile;
    }

    public int Pid => process.Id;

    public bool HasExited => process.HasExited;

    public string LogFile { get; }

    /// <summary>When the process was started, as a <see cref="Stopwatch"/> timestamp.</summary>
    public long StartedAt { get; } = Stopwatch.GetTimestamp();

    public static ChildProcess Start(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string logFile)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(logFile) };
        // exec: the pid we hold is the program's own, so /proc/<pid> describes it.
        foreach (var argument in new[] { "-c", "log=$1; shift; exec \"$@\" >>\"$log\" 2>&1", "sh", logFile, program }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        return new ChildProcess(Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}."), logFile);
    }

    /// <summary>kill -9: no shutdown, no drain, nothing written on the way out.</summary>
    public void Kill() => process.Kill();

    public async Task StopAsync()
    {
        if (process.HasExited)
        {
            return;
        }
        using (var term = Process.Start("kill", ["-TERM", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }
        using var patience = new CancellationTokenSource(StopPatience);
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        process.Dispose();
    }
}
