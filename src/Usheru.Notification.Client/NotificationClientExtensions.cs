namespace Usheru.Notification.Client;

/// <summary>Shorter calls on <see cref="INotificationClient"/>, so mocks have one method to set up per operation.</summary>
public static class NotificationClientExtensions
{
    /// <summary>
    /// <c>POST /v1/notifications</c> with a new idempotency key:
    /// <c>await client.SendAsync(SendNotification.ToRecipient("user-123").UsingTemplate("booking-confirmed"), ct)</c>.
    /// Give your own key to <see cref="INotificationClient.SendAsync"/> when a repeat of your own
    /// operation (a re-delivered message, a retried job) must not send again.
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="notification">What to send to whom.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static Task<AcceptedNotification> SendAsync(this INotificationClient client, SendNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.SendAsync(notification, null, cancellationToken);
    }
}
