using System.Globalization;
using Microsoft.Extensions.Options;
using Usheru.Notification.Api.Templates;

namespace Usheru.Notification.Api.Delivery;

/// <summary>
/// A channel cap that cannot mean what it says stops the service at start, naming the key: a
/// channel that does not exist (a typo would otherwise leave the real one uncapped), a section
/// without its rate, or a rate that is not a positive number.
/// </summary>
internal sealed class ChannelCapacityValidator : IValidateOptions<DeliveryOptions>
{
    public const double MaxRatePerSecond = 100_000;

    public ValidateOptionsResult Validate(string? name, DeliveryOptions options)
    {
        var failures = new List<string>();
        foreach (var (channel, capacity) in options.Channels)
        {
            var key = $"{DeliveryOptions.Section}:Channels:{channel}:{nameof(ChannelCapacity.RatePerSecond)}";
            if (!ChannelTemplates.Channels.Contains(channel, StringComparer.OrdinalIgnoreCase))
            {
                failures.Add($"{key}: '{channel}' is not a channel; the channels are {string.Join(", ", ChannelTemplates.Channels)}.");
            }
            else if (capacity.RatePerSecond is not { } rate)
            {
                failures.Add($"{key} is not set: give the most sends per second for the {channel} channel, or remove its section.");
            }
            else if (!(rate > 0 && rate <= MaxRatePerSecond))
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{key} is {rate}: it must be a number of sends per second above 0 and at most {MaxRatePerSecond}."));
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
