using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Notifications;
using Usheru.Notification.Api.Storage;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Delivery;

/// <summary>
/// A worker that stalls past its lease (GC pause, SIGSTOP, slow far end) loses the delivery to the
/// rescuer and another claim; its late result must not overwrite the new owner's. The queue and
/// the database are the real ones; the two workers are played by the test, with no worker running.
/// </summary>
public abstract class LeaseTests(Engine engine) : IAsyncLifetime
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private readonly TemporaryDirectory folder = new();
    private TestServices services = null!;

    public async Task InitializeAsync() => services = await TestServices.StartAsync(
        new Dictionary<string, string?>
        {
            ["Storage:Provider"] = engine == Engine.Postgres ? "postgres" : "sqlite",
            ["Storage:ConnectionString"] = engine == Engine.Postgres
                ? PostgresServer.Instance.CreateDatabase()
                : $"Data Source={Path.Combine(folder.Path, "n.db")}",
            ["Delivery:LeaseSeconds"] = "30",
        },
        builder =>
        {
            builder.AddStorage();
            builder.Services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section);
            builder.Services.AddSingleton<WorkSignal>().AddSingleton<ChannelRates>().AddSingleton<DeliveryQueue>().AddSingleton<NotificationStore>().AddSingleton<NotificationWriter>()
                .AddSingleton<Usheru.Notification.Api.Topics.FanoutSignal>();
        },
        clock);

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        folder.Dispose();
    }

    [Fact]
    public async Task A_worker_whose_lease_expired_cannot_overwrite_the_new_owners_result()
    {
        var queue = services.Get<DeliveryQueue>();
        var store = services.Get<NotificationStore>();
        var notification = new NewNotification(Ids.New(Ids.Notification), "transactional", null, "{}", "{}", clock.GetUtcNow(), null,
            [new NewDelivery(Ids.New(Ids.Delivery), "email", "ann@example.com", "{}")]);
        await services.Get<NotificationWriter>().WriteAsync(notification, "test", null);

        var stalled = (await queue.ClaimAsync(10, CancellationToken.None)).Deliveries.Single();
        (await queue.ClaimAsync(10, CancellationToken.None)).Deliveries.ShouldBeEmpty("a held lease is not claimed twice");
        clock.Advance(TimeSpan.FromSeconds(31));
        (await queue.RescueExpiredAsync(CancellationToken.None)).ShouldBe(1);
        var owner = (await queue.ClaimAsync(10, CancellationToken.None)).Deliveries.Single();
        owner.LeaseToken.ShouldNotBe(stalled.LeaseToken);
        owner.Attempt.ShouldBe(2);
        (await queue.CompleteAsync([new Completion(owner, new DeliveryOutcome.Sent("new-owner"), true, TimeSpan.Zero)], CancellationToken.None)).ShouldBeEmpty();

        var lost = await queue.CompleteAsync([new Completion(stalled, new DeliveryOutcome.Failed("stale result"), true, TimeSpan.Zero)], CancellationToken.None);

        lost.ShouldBe([stalled.Id]);
        var view = (await store.GetAsync(notification.Id, CancellationToken.None))!;
        view.Status.ShouldBe("completed");
        view.Deliveries!.Single().Status.ShouldBe("sent");
        view.Deliveries!.Single().ProviderMessageId.ShouldBe("new-owner");
        view.Deliveries!.Single().LastError.ShouldBeNull();
    }

    [Fact]
    public async Task One_batch_records_a_send_a_retry_and_a_failure_each_as_its_own()
    {
        var queue = services.Get<DeliveryQueue>();
        var notification = new NewNotification(Ids.New(Ids.Notification), "transactional", null, "{}", "{}", clock.GetUtcNow(), null,
            [.. Enumerable.Range(0, 3).Select(i => new NewDelivery(Ids.New(Ids.Delivery), "email", $"fan{i}@example.com", "{}"))]);
        await services.Get<NotificationWriter>().WriteAsync(notification, "test", null);
        var claimed = (await queue.ClaimAsync(10, CancellationToken.None)).Deliveries.OrderBy(d => d.To).ToList();

        var lost = await queue.CompleteAsync(
        [
            new Completion(claimed[0], new DeliveryOutcome.Sent("msg-1"), true, TimeSpan.Zero),
            new Completion(claimed[1], new DeliveryOutcome.Retry("451 try later"), true, TimeSpan.FromSeconds(10)),
            new Completion(claimed[2], new DeliveryOutcome.Failed("550 no such user"), true, TimeSpan.Zero),
        ], CancellationToken.None);

        lost.ShouldBeEmpty();
        var now = DateTimeOffset.FromUnixTimeMilliseconds(clock.GetUtcNow().ToUnixTimeMilliseconds()); // stored to the millisecond
        var view = (await services.Get<NotificationStore>().GetAsync(notification.Id, CancellationToken.None))!;
        var byAddress = view.Deliveries!.ToDictionary(d => d.To);
        byAddress["fan0@example.com"].ShouldBe(byAddress["fan0@example.com"] with
            { Status = "sent", Attempts = 1, ProviderMessageId = "msg-1", SentAt = now, LastError = null, NextAttemptAt = null });
        byAddress["fan1@example.com"].ShouldBe(byAddress["fan1@example.com"] with
            { Status = "retrying", Attempts = 1, LastError = "451 try later", SentAt = null, NextAttemptAt = now.AddSeconds(10) });
        byAddress["fan2@example.com"].ShouldBe(byAddress["fan2@example.com"] with
            { Status = "failed", Attempts = 1, LastError = "550 no such user", SentAt = null, NextAttemptAt = null });
        view.Status.ShouldBe("processing");
    }

    [Fact]
    public async Task A_lease_that_has_not_expired_is_not_rescued()
    {
        var queue = services.Get<DeliveryQueue>();
        await services.Get<NotificationWriter>().WriteAsync(
            new NewNotification(Ids.New(Ids.Notification), "transactional", null, "{}", "{}", clock.GetUtcNow(), null,
                [new NewDelivery(Ids.New(Ids.Delivery), "email", "ann@example.com", "{}")]), "test", null);
        await queue.ClaimAsync(10, CancellationToken.None);

        clock.Advance(TimeSpan.FromSeconds(29));

        (await queue.RescueExpiredAsync(CancellationToken.None)).ShouldBe(0);
        (await queue.ClaimAsync(10, CancellationToken.None)).Deliveries.ShouldBeEmpty();
    }
}

public sealed class LeaseOnSqlite() : LeaseTests(Engine.Sqlite);

public sealed class LeaseOnPostgres() : LeaseTests(Engine.Postgres);
