using Microsoft.Extensions.Time.Testing;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Delivery;

/// <summary>
/// PostgreSQL, several instances: a channel's cap is for all of them together, because its bucket
/// is a row they all take from under a lock, not a counter in each process.
/// </summary>
public sealed class ChannelCapAcrossInstancesTests : IDisposable
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private readonly TestDatabase database = new(Engine.Postgres);

    [Fact]
    public async Task Two_instances_claiming_at_once_together_send_no_more_than_the_cap_plus_one_in_any_second()
    {
        const int Rate = 10;
        await using var a = await LaneQueue.StartAsync(database, clock, emailRate: Rate);
        await using var b = await LaneQueue.StartAsync(database, clock, emailRate: Rate);
        var queued = await a.WriteAsync("marketing", "email", 60);

        var claims = await a.ClaimEveryStepAsync(TimeSpan.FromSeconds(7), b);

        SendWindows.MostInAnySecond(claims.Select(c => c.SendAt)).ShouldBeLessThanOrEqualTo(Rate + 1);
        claims.Select(c => c.Id).ShouldBe(queued, ignoreOrder: true);
        claims.ShouldContain(c => c.By == 0);
        claims.ShouldContain(c => c.By == 1, "both instances took from the one bucket");
    }

    public void Dispose() => database.Dispose();
}
