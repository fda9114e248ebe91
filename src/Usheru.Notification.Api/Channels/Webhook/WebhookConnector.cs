using System.Net;
using System.Net.Sockets;

namespace Usheru.Notification.Api.Channels.Webhook;

/// <summary>
/// Opens the TCP connections for webhook requests. It resolves the host itself and connects only
/// to an address it has just checked, so the check holds on every connection, after DNS, with
/// no gap for a rebinding DNS answer to slip through.
/// </summary>
internal sealed class WebhookConnector(bool allowPrivateNetworks)
{
    /// <summary>A <see cref="SocketsHttpHandler.ConnectCallback"/>.</summary>
    /// <exception cref="WebhookTargetRefusedException">Every address of the host is private.</exception>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var (host, port) = (context.DnsEndPoint.Host, context.DnsEndPoint.Port);
        var addresses = await ResolveAsync(host, cancellationToken);
        var allowed = allowPrivateNetworks ? addresses : Array.FindAll(addresses, a => !PrivateNetworks.Contains(a));
        if (allowed.Length == 0)
            throw new WebhookTargetRefusedException(host);

        for (var i = 0; ; i++)
        {
            try
            {
                return await ConnectAsync(allowed[i], port, cancellationToken);
            }
            catch (SocketException) when (i < allowed.Length - 1)
            {
                // Try the host's next address.
            }
        }
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        IPAddress.TryParse(host.AsSpan().Trim("[]"), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);

    private static async Task<Stream> ConnectAsync(IPAddress address, int port, CancellationToken cancellationToken)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(address, port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
