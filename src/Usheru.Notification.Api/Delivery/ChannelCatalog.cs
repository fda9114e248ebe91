namespace Usheru.Notification.Api.Delivery;

/// <summary>
/// The channels this service can deliver on, as configured (SMS only with Twilio settings):
/// a message for a channel that is not here is refused when accepted, not failed later.
/// </summary>
internal sealed class ChannelCatalog(IEnumerable<IChannel> channels)
{
    private readonly HashSet<string> names = [.. channels.Select(c => c.Name)];

    public bool Has(string channel) => names.Contains(channel);
}
