namespace Usheru.Notification.Api.Channels.WebPush;

/// <summary>A web push message rendered for one recipient, as stored with its delivery.</summary>
internal sealed record PushContent(string Title, string? Body, string? Url);
