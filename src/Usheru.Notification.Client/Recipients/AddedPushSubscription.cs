namespace Usheru.Notification.Client;

/// <summary>A Web Push subscription the service now holds for a recipient.</summary>
/// <param name="Id">The service's id for the subscription.</param>
/// <param name="Endpoint">The push service URL it sends to.</param>
public sealed record AddedPushSubscription(string Id, Uri Endpoint);
