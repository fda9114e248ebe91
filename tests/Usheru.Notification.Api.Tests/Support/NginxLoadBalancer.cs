using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Xunit.Abstractions;

namespace Usheru.Notification.Api.Tests.Support;

/// <summary>
/// nginx as the load balancer in front of service processes, in the foreground with its
/// configuration, pid file and logs in a temporary folder: round robin over the instances, and a
/// request an instance refuses or drops is passed to the next one. Open-source nginx has no active
/// health checks, so an instance that is down costs a refused connection, not a failed request.
/// <code>
/// await using var nginx = await NginxLoadBalancer.StartAsync(output, a.Url, b.Url);
/// await nginx.Http.SendAsync(Requests.Email());
/// </code>
/// </summary>
internal sealed class NginxLoadBalancer : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly TemporaryDirectory _folder;
    private readonly Process _process;
    private readonly ITestOutputHelper _output;

    private NginxLoadBalancer(TemporaryDirectory folder, Process process, Uri url, ITestOutputHelper output)
    {
        (_folder, _process, _output) = (folder, process, output);
        Http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestService.BootstrapKey);
    }

    /// <summary>A client of the service through nginx, authenticated with the bootstrap key.</summary>
    public HttpClient Http { get; }

    private string AccessLog => Path.Combine(_folder.Path, "access.log");

    /// <summary>Starts nginx in front of <paramref name="upstreams"/>, up or not yet, and returns once it answers.</summary>
    /// <exception cref="InvalidOperationException">nginx is not installed.</exception>
    public static async Task<NginxLoadBalancer> StartAsync(ITestOutputHelper output, params Uri[] upstreams)
    {
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException("The load-balanced system tests run on Linux.");
        var nginx = new[] { "/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("nginx is not installed: `apt-get install -y nginx` (.ci/run does).");
        var folder = new TemporaryDirectory();
        // nginx's workers run as nobody when started by root: they must reach the folder.
        Directory.CreateDirectory(folder.Path, (UnixFileMode)0b111_101_101);
        var url = ClosedPort.Url();
        var configuration = Path.Combine(folder.Path, "nginx.conf");
        await File.WriteAllTextAsync(configuration, Configuration(folder.Path, url, upstreams));
        var start = new ProcessStartInfo(nginx) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-p", folder.Path, "-c", configuration, "-e", Path.Combine(folder.Path, "error.log") })
            start.ArgumentList.Add(argument);
        var balancer = new NginxLoadBalancer(folder, Process.Start(start)!, url, output);
        try
        {
            await Eventually.GetAsync(balancer.AnswersAsync, answers => answers, Patience, "nginx to answer");
            return balancer;
        }
        catch
        {
            await balancer.DisposeAsync();
            throw;
        }
    }

    /// <summary>How many requests nginx passed on to another instance after the first refused or dropped them.</summary>
    public int PassedOn() =>
        File.Exists(AccessLog) ? File.ReadLines(AccessLog).Count(line => line.Contains(", ", StringComparison.Ordinal)) : 0;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            using var patience = new CancellationTokenSource(Patience);
            try
            {
                // SIGQUIT: a graceful stop, which takes the worker processes down with the master.
                Signals.Send(_process, Signals.Quit);
                await _process.WaitForExitAsync(patience.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or InvalidOperationException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        var errors = Path.Combine(_folder.Path, "error.log");
        try
        {
            _output.WriteLine($"--- nginx: {PassedOn()} requests passed on to another instance; error log ---\n{(File.Exists(errors) ? await File.ReadAllTextAsync(errors) : "")}");
        }
        catch (InvalidOperationException)
        {
            // Disposed after the test ended: no output to write to.
        }
        _process.Dispose();
        _folder.Dispose();
    }

    private async Task<bool> AnswersAsync()
    {
        if (_process.HasExited)
            throw new InvalidOperationException($"nginx exited with {_process.ExitCode}: {await _process.StandardError.ReadToEndAsync()}");
        try
        {
            // Any answer will do, a 502 included: the instances behind it may not be up yet.
            using var response = await Http.GetAsync(new Uri("/health/live", UriKind.Relative));
            return true;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    // Every client POST in these tests carries an Idempotency-Key, which makes a POST safe to send
    // twice: the second instance either does the work (the first did not commit it) or replays the
    // first response (it did). That is what allows non_idempotent: without it nginx gives a client
    // a 502 for a POST written to an instance that closed the connection as it stopped. http_503 is
    // left out: a 503 from the service means the database is unavailable, and the client should see it.
    // max_fails=0: an instance that refused a connection is still tried next time, as it may be back.
    private static string Configuration(string folder, Uri url, IEnumerable<Uri> upstreams) => string.Create(CultureInfo.InvariantCulture, $$"""
        daemon off;
        worker_processes 1;
        pid {{folder}}/nginx.pid;
        error_log {{folder}}/error.log warn;
        events { worker_connections 1024; }
        http {
            log_format upstreams '$status $upstream_addr $upstream_status';
            access_log {{folder}}/access.log upstreams;
            client_body_temp_path {{folder}}/client_body;
            proxy_temp_path {{folder}}/proxy;
            fastcgi_temp_path {{folder}}/fastcgi;
            uwsgi_temp_path {{folder}}/uwsgi;
            scgi_temp_path {{folder}}/scgi;
            upstream service {
                {{string.Join("\n            ", upstreams.Select(u => $"server {u.Authority} max_fails=0;"))}}
            }
            server {
                listen {{url.Authority}};
                location / {
                    proxy_pass http://service;
                    proxy_next_upstream error timeout non_idempotent;
                    proxy_connect_timeout 2s;
                    proxy_set_header Host $host;
                    proxy_set_header X-Forwarded-For $remote_addr;
                }
            }
        }
        """);
}
