using System.Diagnostics;
using System.Net.Http.Headers;
using System.Reflection;
using Xunit.Abstractions;

namespace Usheru.Notification.Api.Tests.Support;

/// <summary>
/// The real service as its own OS process (<c>dotnet Usheru.Notification.Api.dll</c>, the API
/// project's build output in the test assembly's configuration), configured through environment
/// variables the way a container is, on a free loopback port and on the database in a
/// <see cref="ServiceData"/> folder. Its stdout and stderr (JSON log lines) are kept and written to
/// the test's output when it is disposed, so a failing test shows what the service said.
/// <code>
/// using var data = new ServiceData();
/// await using var service = await ServiceProcess.StartAsync(data, output, EmailSettings.Smtp(smtp.Port));
/// await service.Http.SendAsync(Requests.Email());
/// service.Kill();                       // SIGKILL; or Terminate() for SIGTERM
/// await service.WaitForExitAsync(TimeSpan.FromSeconds(30));
/// </code>
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private const int ShownLines = 150;
    private static readonly TimeSpan ReadyPatience = TimeSpan.FromSeconds(90);
    private static readonly Lazy<string> ServiceAssembly = new(FindServiceAssembly);

    private readonly Process _process;
    private readonly ITestOutputHelper _output;
    private readonly List<string> _lines = [];

    private ServiceProcess(Process process, Uri url, ITestOutputHelper output)
    {
        (_process, _output) = (process, output);
        Http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestService.BootstrapKey);
    }

    /// <summary>A client of this process, authenticated with the bootstrap key.</summary>
    public HttpClient Http { get; }

    public int Id => _process.Id;

    /// <summary>Where the process listens, <c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri Url => Http.BaseAddress!;

    /// <summary>The exit code once the process has exited: 128 + the signal when a signal ended it.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Starts the service and returns once <c>GET /health/ready</c> answers 200.</summary>
    /// <param name="settings">Configuration keys (<c>Delivery:LeaseSeconds</c>) over the defaults, passed as environment variables.</param>
    public static Task<ServiceProcess> StartAsync(ServiceData data, ITestOutputHelper output, params IEnumerable<KeyValuePair<string, string?>>[] settings) =>
        StartAsync(ClosedPort.Url(), data, output, settings);

    /// <summary>Starts the service on <paramref name="url"/>, e.g. where a stopped process listened behind a load balancer.</summary>
    public static async Task<ServiceProcess> StartAsync(Uri url, ServiceData data, ITestOutputHelper output, params IEnumerable<KeyValuePair<string, string?>>[] settings)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            // The content root, as in the container image: appsettings.json is read from here.
            WorkingDirectory = Path.GetDirectoryName(ServiceAssembly.Value),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ServiceAssembly.Value);
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = url.ToString(),
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Storage:Provider"] = "sqlite",
            ["Storage:ConnectionString"] = $"Data Source={data.DatabaseFile}",
            ["Email:PickupDirectory"] = data.Outbox,
            ["Auth:BootstrapKey"] = TestService.BootstrapKey,
            ["RateLimiting:PermitsPerSecond"] = "100000",
            ["RateLimiting:Burst"] = "100000",
        };
        foreach (var (key, value) in settings.SelectMany(s => s))
            environment[key] = value;
        foreach (var (key, value) in environment)
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        var service = new ServiceProcess(new Process { StartInfo = start }, url, output);
        try
        {
            service.Launch();
            await service.WaitUntilReadyAsync();
            return service;
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL: the process ends at once, mid-whatever, as in a crash or an OOM kill.</summary>
    public void Kill() => _process.Kill();

    /// <summary>SIGTERM, as <c>docker stop</c> and ECS send: the process should drain and exit by itself.</summary>
    public void Terminate() => Signals.Send(_process, Signals.Term);

    /// <summary>SIGSTOP: the process freezes, sockets and leases held, as in a long GC pause or a suspended VM.</summary>
    public void Pause() => Signals.Send(_process, Signals.Stop);

    /// <summary>SIGCONT: a paused process carries on where it stopped, unaware of the time that passed.</summary>
    public void Resume() => Signals.Send(_process, Signals.Cont);

    /// <summary>Whether the process has written a line containing <paramref name="text"/> so far.</summary>
    public bool HasLogged(string text)
    {
        lock (_lines)
            return _lines.Exists(line => line.Contains(text, StringComparison.Ordinal));
    }

    /// <summary>The lines written so far that contain every one of <paramref name="texts"/>.</summary>
    public IReadOnlyList<string> LinesWith(params string[] texts)
    {
        lock (_lines)
            return [.. _lines.Where(line => texts.All(text => line.Contains(text, StringComparison.Ordinal)))];
    }

    /// <summary>Waits for the process to end; fails with its last output when it does not within <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var patience = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(patience.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Service process {_process.Id} did not exit within {timeout}.\n{Tail()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync(CancellationToken.None);
        }
        try
        {
            _output.WriteLine($"--- service process {_process.Id}, exit code {_process.ExitCode}: last {ShownLines} output lines ---\n{Tail()}");
        }
        catch (InvalidOperationException)
        {
            // Disposed after the test ended: no output to write to.
        }
        _process.Dispose();
    }

    private void Launch()
    {
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private void Keep(string? line)
    {
        if (line is null)
            return;
        lock (_lines)
            _lines.Add(line);
    }

    private string Tail()
    {
        lock (_lines)
            return string.Join('\n', _lines.TakeLast(ShownLines));
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"Service process exited with {_process.ExitCode} before it was ready.\n{Tail()}");
            try
            {
                using var response = await Http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (deadline.Elapsed > ReadyPatience)
                throw new TimeoutException($"Service process was not ready within {ReadyPatience}.\n{Tail()}");
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    /// <summary>The API's build output next to this assembly's: same configuration, same target framework.</summary>
    private static string FindServiceAssembly()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Usheru.Notification.slnx")))
            root = root.Parent;
        if (root is null)
            throw new InvalidOperationException($"No Usheru.Notification.slnx above {AppContext.BaseDirectory}.");
        var configuration = typeof(ServiceProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var framework = new DirectoryInfo(AppContext.BaseDirectory).Name;
        var path = Path.Combine(root.FullName, "src", "Usheru.Notification.Api", "bin", configuration, framework, "Usheru.Notification.Api.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the API project first.", path);
    }
}
