namespace Usheru.Notification.Client;

/// <summary>One message in a recipient's in-app inbox.</summary>
/// <param name="Id">The item id; also its event id on the stream, for resuming.</param>
/// <param name="NotificationId">The notification that put it there.</param>
/// <param name="Title">The rendered title.</param>
/// <param name="Body">The rendered body.</param>
/// <param name="Url">The rendered link.</param>
/// <param name="CreatedAt">When it arrived.</param>
/// <param name="ReadAt">When it was first marked read; null while unread.</param>
public sealed record InboxItem(
    string Id,
    string NotificationId,
    string Title,
    string? Body,
    string? Url,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ReadAt);
