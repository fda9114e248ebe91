using Microsoft.Extensions.Options;
using MimeKit;
using Usheru.Notification.Api.Delivery;

namespace Usheru.Notification.Api.Channels.Email;

/// <summary>
/// Writes each message as <c>{deliveryId}.eml</c> into the pickup directory: the embedded default
/// when no SMTP server is configured. A file that is there is complete: it is written under a
/// temporary name in the same directory and then renamed, which is atomic on one file system.
/// </summary>
internal sealed class PickupDirectoryEmailTransport(IOptions<EmailOptions> options) : IEmailTransport
{
    private readonly string _directory = Path.GetFullPath(options.Value.PickupDirectory ?? EmailOptions.DefaultPickupDirectory);

    public async Task<DeliveryOutcome> SendAsync(string deliveryId, MimeMessage message, CancellationToken cancellationToken)
    {
        if (Path.GetFileName(deliveryId) != deliveryId || deliveryId is "" or "." or "..")
            throw new ArgumentException("A delivery id must be usable as a file name.", nameof(deliveryId));

        var path = Path.Combine(_directory, deliveryId + ".eml");
        var temporary = Path.Combine(_directory, $".{deliveryId}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(_directory);
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true))
            {
                await message.WriteToAsync(file, cancellationToken);
                // Counted as sent once this returns: the bytes must survive a crash.
                file.Flush(flushToDisk: true);
            }
            // A retry of the same delivery replaces its earlier file rather than adding one.
            File.Move(temporary, path, overwrite: true);
            return new DeliveryOutcome.Sent(message.MessageId);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new DeliveryOutcome.Retry("could not write to the email pickup directory");
        }
        finally
        {
            if (File.Exists(temporary))
                File.Delete(temporary);
        }
    }
}
