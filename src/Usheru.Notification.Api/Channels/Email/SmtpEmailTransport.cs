using System.Net.Sockets;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Usheru.Notification.Api.Delivery;

namespace Usheru.Notification.Api.Channels.Email;

/// <summary>
/// Sends through the configured SMTP server and judges the result: a 4xx reply or a network
/// failure is worth another attempt, a 5xx reply is final.
/// </summary>
internal sealed class SmtpEmailTransport(SmtpClientPool pool) : IEmailTransport
{
    private const int MaxServerTextLength = 200;

    public async Task<DeliveryOutcome> SendAsync(string deliveryId, MimeMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await pool.SendAsync(message, cancellationToken);
            // Not the server's queue id: its format differs per server, the Message-ID is ours and stable.
            return new DeliveryOutcome.Sent(message.MessageId);
        }
        catch (SmtpCommandException e) when ((int)e.StatusCode >= 500)
        {
            return new DeliveryOutcome.Failed($"SMTP server rejected the message: {Describe(e)}");
        }
        catch (SmtpCommandException e)
        {
            return new DeliveryOutcome.Retry($"SMTP server deferred the message: {Describe(e)}");
        }
        catch (AuthenticationException)
        {
            return new DeliveryOutcome.Retry("SMTP server did not accept the configured credentials");
        }
        catch (SslHandshakeException)
        {
            return new DeliveryOutcome.Retry("TLS handshake with the SMTP server failed");
        }
        catch (NotSupportedException)
        {
            return new DeliveryOutcome.Retry("SMTP server lacks a required extension (STARTTLS, AUTH or SMTPUTF8)");
        }
        catch (SocketException e)
        {
            return new DeliveryOutcome.Retry($"could not connect to the SMTP server: {e.SocketErrorCode}");
        }
        catch (Exception e) when (SmtpClientPool.IsConnectionLost(e))
        {
            return new DeliveryOutcome.Retry("connection to the SMTP server was lost");
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new DeliveryOutcome.Retry("SMTP server did not answer in time");
        }
    }

    private static string Describe(SmtpCommandException e)
    {
        var text = e.Message.ReplaceLineEndings(" ").Trim();
        return $"{(int)e.StatusCode} {(text.Length > MaxServerTextLength ? text[..MaxServerTextLength] : text)}";
    }
}
