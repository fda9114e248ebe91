using System.Net;
using System.Net.Sockets;

namespace Usheru.Notification.Bench.Sinks;

/// <summary>
/// A minimal SMTP server on 127.0.0.1 that accepts every message, stores nothing and notes the
/// <c>X-Delivery-Id</c> of each: fast enough that the senders, not the sink, set the pace.
/// The service and the Hangfire baseline send to this same sink.
/// </summary>
internal sealed class SmtpSink : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly Task accepting;

    private SmtpSink()
    {
        listener.Start(backlog: 512);
        accepting = AcceptAsync();
    }

    public Arrivals Arrivals { get; } = new();

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public static SmtpSink Start() => new();

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        try
        {
            await accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            var socket = await listener.AcceptSocketAsync(stop.Token);
            _ = new SmtpSinkSession(socket, Arrivals).RunAsync(stop.Token);
        }
    }
}
