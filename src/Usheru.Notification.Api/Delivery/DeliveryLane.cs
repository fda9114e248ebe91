namespace Usheru.Notification.Api.Delivery;

/// <summary>
/// The order deliveries are claimed in, stored on each delivery row: every due transactional
/// delivery of a channel goes before any marketing one, however long the marketing backlog.
/// </summary>
internal enum DeliveryLane
{
    Transactional = 0,
    Marketing = 1,
}
