using MimeKit;
using Usheru.Notification.Api.Delivery;

namespace Usheru.Notification.Api.Tests.Channels.Email;

internal static class EmailAssertions
{
    /// <summary>The headers receivers de-duplicate and trace by, whichever transport carried the message.</summary>
    public static void ShouldCarryTheTrackingHeadersOf(this MimeMessage message, ClaimedDelivery delivery, DateTimeOffset sentAt)
    {
        message.MessageId.ShouldBe($"{delivery.Id}@{EmailSettings.MessageIdDomain}");
        message.Headers["X-Notification-Id"].ShouldBe(delivery.NotificationId);
        message.Headers["X-Delivery-Id"].ShouldBe(delivery.Id);
        message.Date.ShouldBe(sentAt);
    }
}
