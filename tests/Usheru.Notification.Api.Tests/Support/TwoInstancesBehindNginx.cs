using Xunit.Abstractions;

namespace Usheru.Notification.Api.Tests.Support;

/// <summary>
/// The production shape on one machine: two service processes on one <see cref="SharedDatabase"/>,
/// started at once as ECS starts a service's tasks, with nginx in front of them. Disposed together.
/// <code>
/// await using var service = await TwoInstancesBehindNginx.StartAsync(database, output, settings);
/// await service.Http.SendAsync(Requests.Email());   // through nginx
/// service.A.Kill();
/// </code>
/// </summary>
internal sealed class TwoInstancesBehindNginx : IAsyncDisposable
{
    private TwoInstancesBehindNginx(ServiceProcess a, ServiceProcess b, NginxLoadBalancer nginx) => (A, B, Nginx) = (a, b, nginx);

    public ServiceProcess A { get; }

    public ServiceProcess B { get; }

    public NginxLoadBalancer Nginx { get; }

    /// <summary>A client of the service through nginx.</summary>
    public HttpClient Http => Nginx.Http;

    /// <summary>Starts nginx (failing at once when it is not installed), then both instances behind it; returns once both are ready.</summary>
    public static async Task<TwoInstancesBehindNginx> StartAsync(SharedDatabase database, ITestOutputHelper output, IReadOnlyDictionary<string, string?> settings)
    {
        var urls = new[] { ClosedPort.Url(), ClosedPort.Url() };
        var nginx = await NginxLoadBalancer.StartAsync(output, urls);
        var starting = urls.Select(url => database.StartInstanceAsync(output, settings, at: url)).ToArray();
        try
        {
            await Task.WhenAll(starting);
            return new(starting[0].Result, starting[1].Result, nginx);
        }
        catch
        {
            foreach (var started in starting.Where(s => s.IsCompletedSuccessfully))
                await started.Result.DisposeAsync();
            await nginx.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Nginx.DisposeAsync();
        await A.DisposeAsync();
        await B.DisposeAsync();
    }
}
