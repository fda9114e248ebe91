using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Usheru.Notification.Bench.Targets;

/// <summary>
/// One Hangfire job per email, sending through MailKit as most teams write it: connect, send,
/// disconnect. With <see cref="SmtpTarget.ReuseConnection"/>, each worker thread keeps one
/// connected client instead (MailKit clients are not thread-safe; Hangfire workers are threads).
/// </summary>
internal sealed class HangfireEmailJob(SmtpTarget smtp)
{
    [ThreadStatic]
    private static SmtpClient? workerClient;

    public void Send(string notificationId, string deliveryId, string to, string subject, string text)
    {
        using var message = new MimeMessage
        {
            Subject = subject,
            MessageId = $"{deliveryId}@bench.usheru.com",
            Body = new TextPart("plain") { Text = text },
        };
        message.From.Add(MailboxAddress.Parse("notifications@usheru.com"));
        message.To.Add(MailboxAddress.Parse(to));
        message.Headers.Add("X-Notification-Id", notificationId);
        message.Headers.Add("X-Delivery-Id", deliveryId);

        if (smtp.ReuseConnection)
        {
            var client = workerClient ??= new SmtpClient();
            if (!client.IsConnected)
            {
                client.Connect(smtp.Host, smtp.Port, SecureSocketOptions.None);
            }
            client.Send(message);
            return;
        }
        using var fresh = new SmtpClient();
        fresh.Connect(smtp.Host, smtp.Port, SecureSocketOptions.None);
        fresh.Send(message);
        fresh.Disconnect(quit: true);
    }
}
