namespace Usheru.Notification.Api.Delivery;

/// <summary>What one claim took, and which capped lanes it held back for want of tokens.</summary>
internal sealed record Claim(IReadOnlyList<ClaimedDelivery> Deliveries, IReadOnlyList<HeldBack> HeldBack)
{
    public static readonly Claim None = new([], []);
}
