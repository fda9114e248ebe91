namespace Usheru.Notification.Client;

/// <summary>A browser's Web Push subscription, as its <c>PushSubscription.toJSON()</c> gives it.</summary>
/// <param name="Endpoint">The push service URL to send to.</param>
/// <param name="Keys">The keys to encrypt with.</param>
public sealed record PushSubscription(Uri Endpoint, PushSubscriptionKeys Keys);
