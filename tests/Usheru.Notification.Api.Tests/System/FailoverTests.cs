using System.Diagnostics;
using Dapper;
using Npgsql;
using Usheru.Notification.Api.Tests.Support;
using Xunit.Abstractions;

namespace Usheru.Notification.Api.Tests.SystemTests;

/// <summary>
/// Failover in seconds on PostgreSQL, with the lease at its default 60 s: every instance renews a
/// heartbeat row, and when one stops (kill -9) another sends what it held without waiting for the
/// lease, while a live instance's slow send is never taken from it.
/// </summary>
[Collection(ServiceProcesses.Name)]
public sealed class FailoverTests(PostgresCluster cluster, ITestOutputHelper output) : IClassFixture<PostgresCluster>
{
    private const int KilledBySigKill = 128 + 9;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Failover = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task The_deliveries_a_killed_instance_held_arrive_from_the_other_within_10_seconds_of_the_kill_though_the_lease_is_60()
    {
        // Each message is kept a second before its 250: the killed instance holds sends on the wire.
        await using var smtp = SlowSmtpServer.Start(replyDelay: TimeSpan.FromSeconds(1));
        using var database = new SharedDatabase(cluster);
        var settings = ProcessSettings.For(smtp);
        await using var a = await database.StartInstanceAsync(output, settings);
        var instanceA = await Eventually.GetAsync(() => InstancesAsync(database), ids => ids.Count == 1, Patience, "A's heartbeat row");
        await using var b = await database.StartInstanceAsync(output, settings);
        var accepted = await AcceptedNotifications.SendAsync(a.Http, notifications: 30, recipients: 10);

        await smtp.WaitForMessagesAsync(24, Patience);
        a.Kill();
        var killedAt = Stopwatch.GetTimestamp();
        (await a.WaitForExitAsync(Patience)).ShouldBe(KilledBySigKill);
        var heldByA = await HeldByAsync(database, instanceA[0]);
        output.WriteLine($"At the kill A held {heldByA.Count} deliveries; {Arrivals.Of(smtp.Messages)} kept by the server");
        heldByA.ShouldNotBeEmpty("A was killed mid-drain, with deliveries in flight");
        smtp.ReplyDelay = TimeSpan.Zero;

        var arrivals = await accepted.ShouldAllBeDeliveredAsync(smtp, b.Http, Patience);
        var lastOfHeld = smtp.TimedMessages.Where(m => heldByA.Contains(m.Item.Headers["X-Delivery-Id"] ?? "")).Max(m => m.At);
        var afterKill = Stopwatch.GetElapsedTime(killedAt, lastOfHeld);
        output.WriteLine($"{arrivals}; the last of A's deliveries arrived {afterKill.TotalSeconds:0.0} s after the kill");
        afterKill.ShouldBeLessThan(Failover);
        arrivals.Duplicated.ShouldBeSubsetOf(heldByA);
        arrivals.Duplicates.ShouldBeLessThanOrEqualTo(heldByA.Count);
    }

    [Fact]
    public async Task A_send_slower_than_the_dead_instance_window_on_a_live_instance_is_sent_once()
    {
        // 8 s per message: longer than an instance may go without a heartbeat (5 s), far shorter than the lease.
        await using var smtp = SlowSmtpServer.Start(replyDelay: TimeSpan.FromSeconds(8));
        using var database = new SharedDatabase(cluster);
        var settings = ProcessSettings.For(smtp);
        await using var a = await database.StartInstanceAsync(output, settings);
        await using var b = await database.StartInstanceAsync(output, settings);
        var accepted = await AcceptedNotifications.SendAsync(a.Http, notifications: 4);

        var arrivals = await accepted.ShouldAllBeDeliveredAsync(smtp, a.Http, Patience);
        output.WriteLine(arrivals.ToString());
        arrivals.Duplicates.ShouldBe(0);
        (await database.ClaimedMoreThanOnceAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_instance_stopped_gracefully_removes_its_heartbeat_row_so_the_others_do_not_report_it_dead()
    {
        await using var smtp = SlowSmtpServer.Start(replyDelay: TimeSpan.Zero);
        using var database = new SharedDatabase(cluster);
        var settings = ProcessSettings.For(smtp);
        await using var a = await database.StartInstanceAsync(output, settings);
        var instanceA = (await Eventually.GetAsync(() => InstancesAsync(database), ids => ids.Count == 1, Patience, "A's heartbeat row"))[0];
        await using var b = await database.StartInstanceAsync(output, settings);
        var both = await Eventually.GetAsync(() => InstancesAsync(database), ids => ids.Count == 2, Patience, "B's heartbeat row");

        a.Terminate();
        (await a.WaitForExitAsync(Patience)).ShouldBe(0);

        (await InstancesAsync(database)).ShouldBe(both.Where(id => id != instanceA));
    }

    private static async Task<IReadOnlyList<string>> InstancesAsync(SharedDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        try
        {
            return [.. await connection.QueryAsync<string>("SELECT id FROM instances")];
        }
        catch (PostgresException)
        {
            return []; // Not migrated yet.
        }
    }

    private static async Task<IReadOnlySet<string>> HeldByAsync(SharedDatabase database, string instance)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        return (await connection.QueryAsync<string>("SELECT id FROM deliveries WHERE status = 'sending' AND leased_by = @instance", new { instance }))
            .ToHashSet();
    }
}
