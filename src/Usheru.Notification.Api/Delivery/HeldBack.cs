namespace Usheru.Notification.Api.Delivery;

/// <summary>
/// A capped channel's lane that a claim left alone because its bucket was empty (for marketing:
/// down to the transactional reserve), and when the bucket will hold enough again.
/// </summary>
internal sealed record HeldBack(string Channel, DeliveryLane Lane, DateTimeOffset TokensAt);
