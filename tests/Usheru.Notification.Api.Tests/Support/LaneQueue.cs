using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Notifications;
using Usheru.Notification.Api.Storage;
using Usheru.Notification.Api.Topics;

namespace Usheru.Notification.Api.Tests.Support;

/// <summary>
/// The delivery queue on a real database with no worker running, driven by a fake clock: the test
/// writes notifications and claims as a worker would. Several may share one database, as instances do.
/// </summary>
internal sealed class LaneQueue : IAsyncDisposable
{
    private readonly TestServices services;
    private readonly FakeTimeProvider clock;

    private LaneQueue(TestServices services, FakeTimeProvider clock) => (this.services, this.clock) = (services, clock);

    public DeliveryQueue Queue => services.Get<DeliveryQueue>();

    /// <param name="emailRate">When given, <c>Delivery:Channels:email:RatePerSecond</c>.</param>
    public static async Task<LaneQueue> StartAsync(TestDatabase database, FakeTimeProvider clock, double? emailRate = null)
    {
        var settings = database.With(emailRate is { } rate
            ? [new("Delivery:Channels:email:RatePerSecond", rate.ToString(CultureInfo.InvariantCulture))]
            : []);
        var services = await TestServices.StartAsync(settings, builder =>
        {
            builder.AddStorage();
            builder.Services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section);
            builder.Services.AddSingleton<WorkSignal>().AddSingleton<ChannelRates>().AddSingleton<DeliveryQueue>()
                .AddSingleton<NotificationWriter>().AddSingleton<FanoutSignal>();
        }, clock);
        return new LaneQueue(services, clock);
    }

    public T Get<T>() where T : notnull => services.Get<T>();

    /// <summary>Writes <paramref name="count"/> notifications of <paramref name="category"/>, one delivery each on <paramref name="channel"/>; returns the delivery ids.</summary>
    public async Task<IReadOnlyList<string>> WriteAsync(string category, string channel, int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var delivery = new NewDelivery(Ids.New(Ids.Delivery), channel, $"fan{i}@example.com", "{}");
            await services.Get<NotificationWriter>().WriteAsync(
                new NewNotification(Ids.New(Ids.Notification), category, null, "{}", "{}", clock.GetUtcNow(), null, [delivery]), "test", null);
            ids.Add(delivery.Id);
        }
        return ids;
    }

    /// <summary>
    /// Claims all it may every 20 ms of fake time for <paramref name="duration"/>, and so do
    /// <paramref name="others"/> on the same database, taking turns at going first as instances race
    /// for the bucket. Returns what was claimed, when it may be sent (its paced time, or at once),
    /// and by whom (0 for this one, then the others).
    /// </summary>
    public async Task<IReadOnlyList<(string Id, DateTimeOffset SendAt, int By)>> ClaimEveryStepAsync(TimeSpan duration, params LaneQueue[] others)
    {
        LaneQueue[] all = [this, .. others];
        var claims = new List<(string, DateTimeOffset, int)>();
        var end = clock.GetUtcNow() + duration;
        for (var step = 0; clock.GetUtcNow() < end; step++)
        {
            for (var turn = 0; turn < all.Length; turn++)
            {
                var by = (step + turn) % all.Length;
                var claim = await all[by].Queue.ClaimAsync(64, CancellationToken.None);
                claims.AddRange(claim.Deliveries.Select(d => (d.Id, d.NotBefore ?? clock.GetUtcNow(), by)));
            }
            clock.Advance(TimeSpan.FromMilliseconds(20));
        }
        return claims;
    }

    public ValueTask DisposeAsync() => services.DisposeAsync();
}
