namespace Usheru.Notification.Api.Channels.Inbox;

/// <summary>One message in a recipient's in-app inbox.</summary>
internal sealed record InboxItem(string Id, string NotificationId, string Title, string? Body, string? Url, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);
