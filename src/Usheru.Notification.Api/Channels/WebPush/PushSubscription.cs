namespace Usheru.Notification.Api.Channels.WebPush;

/// <summary>
/// A browser's push subscription (the Push API's <c>PushSubscription.toJSON()</c>) for one recipient:
/// where to send, and the keys to encrypt for, base64url.
/// </summary>
internal sealed record PushSubscription(string Id, string RecipientId, string Endpoint, string P256dh, string Auth, DateTimeOffset CreatedAt);
