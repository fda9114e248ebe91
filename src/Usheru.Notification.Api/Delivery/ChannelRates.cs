using Microsoft.Extensions.Options;
using Usheru.Notification.Api.Events;
using Usheru.Notification.Api.Templates;

namespace Usheru.Notification.Api.Delivery;

/// <summary>
/// Which channels are capped (<c>Delivery:Channels:{channel}:RatePerSecond</c>) and which are not.
/// Capped channels are listed in name order, the order a claim locks their buckets in, so two
/// instances claiming at once never wait on each other crosswise.
/// </summary>
internal sealed class ChannelRates
{
    public ChannelRates(IOptions<DeliveryOptions> options)
    {
        Capped = [.. options.Value.Channels
            .Where(c => c.Value.RatePerSecond is not null)
            .Select(c => new ChannelRate(All.First(name => string.Equals(name, c.Key, StringComparison.OrdinalIgnoreCase)), c.Value.RatePerSecond!.Value))
            .OrderBy(r => r.Channel, StringComparer.Ordinal)];
        Uncapped = [.. All.Where(name => !Capped.Any(r => r.Channel == name))];
    }

    /// <summary>Every channel a delivery row can name: the API's, and the internal one outgoing events travel on (never capped).</summary>
    public static IReadOnlyList<string> All { get; } = [.. ChannelTemplates.Channels, EventChannel.Name];

    public IReadOnlyList<ChannelRate> Capped { get; }

    public IReadOnlyList<string> Uncapped { get; }
}
