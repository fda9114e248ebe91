namespace Usheru.Notification.Client;

/// <summary>One delivery of a notification just accepted.</summary>
/// <param name="Id">The delivery id, <c>dlv_…</c>.</param>
/// <param name="Channel">See <see cref="NotificationChannel"/>.</param>
/// <param name="To">The address it goes to.</param>
/// <param name="Status">See <see cref="DeliveryStatus"/>.</param>
public sealed record AcceptedDelivery(string Id, string Channel, string To, string Status);
