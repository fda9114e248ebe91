using System.Diagnostics;
using Usheru.Notification.Bench.Machine;

namespace Usheru.Notification.Bench.Processes;

/// <summary>
/// An ASP.NET Core program under test, run as its own process on a free loopback port: the
/// service, the bare Kestrel ceiling or the Hangfire baseline. Ready once <c>/health/ready</c> answers 200.
/// </summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly ChildProcess process;

    private AppProcess(ChildProcess process, Uri baseUrl)
    {
        this.process = process;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public int Pid => process.Pid;

    /// <summary>When the process was started (a <see cref="Stopwatch"/> timestamp), before it was ready.</summary>
    public long StartedAt => process.StartedAt;

    public long PeakRssBytes => ProcFs.PeakRssBytes(Pid);

    /// <param name="dll">A framework-dependent app, run with <c>dotnet</c>.</param>
    public static async Task<AppProcess> StartAsync(string name, string dll, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, string runDirectory)
    {
        var port = FreePort.Next();
        var baseUrl = new Uri($"http://127.0.0.1:{port}/");
        var settings = new Dictionary<string, string>(environment)
        {
            // The app's own folder, as in its container: its appsettings.json (log levels and all) applies.
            ["ASPNETCORE_CONTENTROOT"] = Path.GetDirectoryName(dll) ?? ".",
            ["ASPNETCORE_URLS"] = baseUrl.ToString().TrimEnd('/'),
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_NOLOGO"] = "1",
            // A line per compiled method in /tmp/perf-PID.map: how warm-ups see the JIT settle.
            [TieredJit.PerfMap.Key] = TieredJit.PerfMap.Value,
        };
        var log = Path.Combine(runDirectory, $"{name}-{port}.log");
        var app = new AppProcess(ChildProcess.Start("dotnet", [dll, .. arguments], settings, log), baseUrl);
        try
        {
            await app.WaitReadyAsync();
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Fails the measurement in progress if the process has gone (something else may have stopped it).</summary>
    public void ThrowIfExited(string during)
    {
        if (process.HasExited)
        {
            throw new InvalidOperationException($"{BaseUrl.Authority} exited during {during}; see {process.LogFile}");
        }
    }

    public Task StopAsync() => process.StopAsync();

    /// <summary>kill -9, as a lost host or the OOM killer would.</summary>
    public async Task KillAsync()
    {
        process.Kill();
        while (!process.HasExited)
        {
            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        var pid = Pid;
        await process.DisposeAsync();
        File.Delete(TieredJit.MapFile(pid));
    }

    private async Task WaitReadyAsync()
    {
        var ready = new Uri(BaseUrl, "health/ready");
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < ReadyTimeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{ready.Authority} exited before it was ready; see {process.LogFile}");
            }
            try
            {
                using var response = await Probe.GetAsync(ready);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"{ready} was not ready within {ReadyTimeout.TotalSeconds} s; see {process.LogFile}");
    }
}
