using System.Collections.Concurrent;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Usheru.Notification.Api.Channels.Email;

/// <summary>
/// Up to <see cref="SmtpOptions.MaxConnections"/> connected, authenticated SMTP clients, each
/// carrying one message at a time (a MailKit client is not thread-safe). Idle connections are
/// kept for the next message; broken ones are dropped and replaced on demand.
/// </summary>
internal sealed class SmtpClientPool : IAsyncDisposable
{
    private static readonly TimeSpan NetworkTimeout = TimeSpan.FromSeconds(30);

    private readonly SmtpOptions _options;
    private readonly string _host;
    // Never disposed: it holds nothing unmanaged, and a send finishing during shutdown still releases it.
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentStack<SmtpClient> _idle = new();

    public SmtpClientPool(IOptions<EmailOptions> options)
    {
        _options = options.Value.Smtp;
        _host = _options.Host ?? throw new InvalidOperationException("Email:Smtp:Host is not set.");
        _slots = new SemaphoreSlim(_options.MaxConnections, _options.MaxConnections);
    }

    /// <summary>Sends one message; MailKit's exceptions pass through for the caller to judge.</summary>
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            if (TakeIdle() is { } idle)
            {
                try
                {
                    await SendOnAsync(idle, message, cancellationToken);
                    return;
                }
                catch (Exception e) when (IsConnectionLost(e))
                {
                    // The server may have closed the connection while it sat idle, which only
                    // shows on use: that earns the message one fresh connection.
                }
            }
            await SendOnAsync(await ConnectAsync(cancellationToken), message, cancellationToken);
        }
        finally
        {
            _slots.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Shutdown must not wait on a server that stopped answering.
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (_idle.TryPop(out var client))
        {
            try
            {
                await client.DisconnectAsync(quit: true, patience.Token);
            }
            catch (Exception e) when (IsConnectionLost(e) || e is TimeoutException or OperationCanceledException)
            {
                // Leaving anyway: a polite QUIT is all that was lost.
            }
            client.Dispose();
        }
    }

    private SmtpClient? TakeIdle()
    {
        while (_idle.TryPop(out var client))
        {
            if (client.IsConnected)
                return client;
            client.Dispose();
        }
        return null;
    }

    private async Task SendOnAsync(SmtpClient client, MimeMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await client.SendAsync(message, cancellationToken);
            _idle.Push(client);
        }
        catch (SmtpCommandException) when (client.IsConnected)
        {
            // The server refused this message; the connection itself is still good.
            _idle.Push(client);
            throw;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private async Task<SmtpClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var client = new SmtpClient { Timeout = (int)NetworkTimeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(_host, _options.Port, SocketOptions(_options.Security), cancellationToken);
            if (!string.IsNullOrEmpty(_options.Username))
                await client.AuthenticateAsync(_options.Username, _options.Password ?? "", cancellationToken);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static SecureSocketOptions SocketOptions(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTls,
    };

    /// <summary>Whether the connection broke under the exception, as opposed to the server refusing something.</summary>
    internal static bool IsConnectionLost(Exception e) =>
        e is IOException or SocketException or SmtpProtocolException or ServiceNotConnectedException;
}
