namespace Usheru.Notification.Api.Tests.Delivery;

/// <summary>
/// Tests that count what a far end receives per second: a test process busy with others' tests
/// would stamp arrivals in bunches, so they run one at a time, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RateMeasurements
{
    public const string Name = "Rate measurements";
}
