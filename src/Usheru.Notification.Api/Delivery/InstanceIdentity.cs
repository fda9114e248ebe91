namespace Usheru.Notification.Api.Delivery;

/// <summary>This process among the instances sharing a database: recorded on every claim it makes (<c>leased_by</c>).</summary>
internal sealed class InstanceIdentity
{
    public string Id { get; } = $"ins_{Guid.NewGuid():N}";
}
