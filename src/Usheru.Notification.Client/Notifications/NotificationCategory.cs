namespace Usheru.Notification.Client;

/// <summary>The values of a notification's or template's <c>category</c>.</summary>
public static class NotificationCategory
{
    /// <summary>The default: sent whatever the recipient's category preferences say.</summary>
    public const string Transactional = "transactional";

    /// <summary>Honours unsubscribes and category opt-outs; emails get List-Unsubscribe headers.</summary>
    public const string Marketing = "marketing";
}
