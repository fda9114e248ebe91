using System.Net;
using System.Net.Sockets;

namespace Usheru.Notification.Api.Tests.Support;

/// <summary>A loopback port nothing listens on, for "connection refused".</summary>
internal static class ClosedPort
{
    public static int Find()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary><c>http://127.0.0.1:{port}/</c> on such a port: where a server the test starts will listen.</summary>
    public static Uri Url() => new($"http://127.0.0.1:{Find()}");
}
