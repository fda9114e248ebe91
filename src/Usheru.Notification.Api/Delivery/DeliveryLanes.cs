namespace Usheru.Notification.Api.Delivery;

internal static class DeliveryLanes
{
    public static readonly DeliveryLane[] All = [DeliveryLane.Transactional, DeliveryLane.Marketing];

    /// <summary>The lane of a notification's deliveries, from its category (<c>transactional</c> or <c>marketing</c>).</summary>
    public static DeliveryLane Of(string category) =>
        category == "marketing" ? DeliveryLane.Marketing : DeliveryLane.Transactional;
}
