namespace Usheru.Notification.Client;

/// <summary>The encryption keys of a Web Push subscription, base64url as the browser gives them.</summary>
/// <param name="P256dh">The subscription's P-256 public key.</param>
/// <param name="Auth">The authentication secret.</param>
public sealed record PushSubscriptionKeys(string P256dh, string Auth);
