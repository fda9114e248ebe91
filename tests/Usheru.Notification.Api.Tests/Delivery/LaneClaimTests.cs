using Microsoft.Extensions.Time.Testing;
using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Delivery;

/// <summary>
/// What a claim takes and in what order: lanes, and a capped channel's bucket, on the real queue and
/// database, with a fake clock and the test as the worker, so every figure is exact.
/// </summary>
public abstract class LaneClaimTests(Engine engine) : IDisposable
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private readonly TestDatabase database = new(engine);

    [Fact]
    public async Task Claims_transactional_deliveries_before_marketing_ones_that_were_due_earlier()
    {
        await using var services = await LaneQueue.StartAsync(database, clock);
        var marketing = await services.WriteAsync("marketing", "email", 3);
        clock.Advance(TimeSpan.FromSeconds(1));
        var transactional = await services.WriteAsync("transactional", "push", 1);

        var first = await services.Queue.ClaimAsync(1, CancellationToken.None);
        var rest = await services.Queue.ClaimAsync(10, CancellationToken.None);

        first.Deliveries.Select(d => d.Id).ShouldBe(transactional);
        rest.Deliveries.Select(d => d.Id).ShouldBe(marketing, ignoreOrder: true);
    }

    [Fact]
    public async Task A_capped_channel_sends_no_more_than_its_rate_plus_one_in_any_second_transactional_first_and_in_the_end_everything()
    {
        const int Rate = 10;
        await using var services = await LaneQueue.StartAsync(database, clock, emailRate: Rate);
        var marketing = await services.WriteAsync("marketing", "email", 40);
        var transactional = await services.WriteAsync("transactional", "email", 10);

        var claims = await services.ClaimEveryStepAsync(TimeSpan.FromSeconds(6));

        var most = SendWindows.MostInAnySecond(claims.Select(c => c.SendAt));
        most.ShouldBeLessThanOrEqualTo(Rate + 1);
        most.ShouldBeGreaterThanOrEqualTo(Rate, "the cap holds deliveries back, it does not stop them");
        claims.Select(c => c.Id).ShouldBe([.. transactional, .. marketing], ignoreOrder: true);
        claims.Where(c => transactional.Contains(c.Id)).Max(c => c.SendAt)
            .ShouldBeLessThan(claims.Where(c => marketing.Contains(c.Id)).Min(c => c.SendAt), "every transactional delivery goes before any marketing one");
    }

    [Fact]
    public async Task A_bucketful_claimed_at_once_is_sent_one_token_apart_from_its_tokens_time()
    {
        // 50/s: a token every 20 ms, a bucket of 7 (150 ms), of which marketing takes all but the reserve.
        await using var services = await LaneQueue.StartAsync(database, clock, emailRate: 50);
        await services.WriteAsync("marketing", "email", 30);
        var claimedAt = clock.GetUtcNow();

        var batch = (await services.Queue.ClaimAsync(64, CancellationToken.None)).Deliveries;

        batch.Count.ShouldBe(6);
        var sendAt = batch.Select(d => d.NotBefore.ShouldNotBeNull()).Order().ToList();
        sendAt[0].ShouldBeGreaterThan(claimedAt);
        sendAt[^1].ShouldBeLessThanOrEqualTo(claimedAt + ChannelRate.Pacing);
        sendAt.Zip(sendAt.Skip(1), (a, b) => b - a).ShouldAllBe(gap => gap == TimeSpan.FromMilliseconds(20));
    }

    [Fact]
    public async Task A_transactional_delivery_finds_the_reserved_token_when_a_marketing_backlog_has_emptied_the_bucket()
    {
        await using var services = await LaneQueue.StartAsync(database, clock, emailRate: 10);
        await services.WriteAsync("marketing", "email", 30);
        (await services.Queue.ClaimAsync(64, CancellationToken.None)).Deliveries.ShouldNotBeEmpty();
        var drained = await services.Queue.ClaimAsync(64, CancellationToken.None);
        drained.Deliveries.ShouldBeEmpty();
        drained.HeldBack.ShouldContain(h => h.Channel == "email" && h.Lane == DeliveryLane.Marketing);
        var transactional = await services.WriteAsync("transactional", "email", 1);

        var claim = await services.Queue.ClaimAsync(64, CancellationToken.None);

        claim.Deliveries.Select(d => d.Id).ShouldBe(transactional, "no wait for the next token: marketing left one in the bucket");
        claim.Deliveries.Single().NotBefore.ShouldNotBeNull().ShouldBeLessThanOrEqualTo(clock.GetUtcNow() + ChannelRate.Pacing);
    }

    [Fact]
    public async Task A_lane_held_back_for_tokens_wakes_the_worker_when_the_bucket_refills_and_not_before()
    {
        // 10/s: a token every 100 ms, a bucket of 2, of which marketing takes all but the reserved one.
        await using var services = await LaneQueue.StartAsync(database, clock, emailRate: 10);
        await services.WriteAsync("marketing", "email", 5);
        var start = clock.GetUtcNow();
        (await services.Queue.ClaimAsync(64, CancellationToken.None)).Deliveries.Count.ShouldBe(1);

        var held = await services.Queue.ClaimAsync(64, CancellationToken.None);

        held.Deliveries.ShouldBeEmpty();
        var marketing = held.HeldBack.ShouldHaveSingleItem();
        (marketing.Channel, marketing.Lane).ShouldBe(("email", DeliveryLane.Marketing));
        marketing.TokensAt.ShouldBe(start + TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(1));
        (await services.Queue.NextDueAsync(CancellationToken.None)).ShouldNotBeNull().ShouldBeLessThanOrEqualTo(start, "the backlog is due");
        (await services.Queue.NextDueAsync(held.HeldBack, CancellationToken.None))
            .ShouldBeNull("a backlog waiting for tokens must not count as due, or the worker would wake at once, over and over");
        clock.Advance(marketing.TokensAt - clock.GetUtcNow() - TimeSpan.FromMilliseconds(1));
        (await services.Queue.ClaimAsync(64, CancellationToken.None)).Deliveries.ShouldBeEmpty();
        clock.Advance(TimeSpan.FromMilliseconds(1));
        (await services.Queue.ClaimAsync(64, CancellationToken.None)).Deliveries.Count.ShouldBe(1);
    }

    [Fact]
    public async Task An_uncapped_channel_is_claimed_in_full_while_a_capped_channel_waits_for_tokens()
    {
        await using var services = await LaneQueue.StartAsync(database, clock, emailRate: 10);
        await services.WriteAsync("marketing", "email", 200);
        var webhooks = await services.WriteAsync("marketing", "webhook", 50);

        var claim = await services.Queue.ClaimAsync(64, CancellationToken.None);

        claim.Deliveries.Count(d => d.Channel == "email").ShouldBe(1);
        claim.Deliveries.Where(d => d.Channel == "webhook").Select(d => d.Id).ShouldBe(webhooks, ignoreOrder: true);
    }

    public void Dispose()
    {
        database.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class LaneClaimOnSqlite() : LaneClaimTests(Engine.Sqlite);

public sealed class LaneClaimOnPostgres() : LaneClaimTests(Engine.Postgres);
