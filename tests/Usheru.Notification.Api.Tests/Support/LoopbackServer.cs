using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Usheru.Notification.Api.Tests.Support;

/// <summary>A real HTTP server (Kestrel) on a free port of 127.0.0.1, passing every request to one handler: what the stand-ins are built on.</summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The server's origin, <c>http://127.0.0.1:{port}</c> (<c>https://</c> with a certificate).</summary>
    public string Origin => _app.Urls.Single();

    /// <param name="tls">Serve HTTPS with this certificate (and its private key) instead of HTTP.</param>
    public static async Task<LoopbackServer> StartAsync(RequestDelegate handler, X509Certificate2? tls = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        if (tls is null)
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }
        else
        {
            builder.WebHost.UseKestrelHttpsConfiguration();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(tls)));
        }
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync();
        return new LoopbackServer(app);
    }

    public async ValueTask DisposeAsync()
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(patience.Token);
        await _app.DisposeAsync();
    }
}
