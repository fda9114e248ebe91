using System.Globalization;
using Usheru.Notification.Api.Tests.Support;
using Xunit.Abstractions;

namespace Usheru.Notification.Api.Tests.SystemTests;

/// <summary>
/// Guarantees 2, 3 and 4 with two service processes on one PostgreSQL, as the production tasks
/// share RDS: no delivery is claimed twice, a crash loses nothing and duplicates only what the dead
/// instance had in flight, and an instance frozen past its lease cannot overwrite the result of the
/// one that took its delivery over.
/// </summary>
[Collection(ServiceProcesses.Name)]
public sealed class ScaleOutTests(PostgresCluster cluster, ITestOutputHelper output) : IClassFixture<PostgresCluster>
{
    private const int KilledBySigKill = 128 + 9;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Two_instances_at_full_concurrency_deliver_every_notification_exactly_once()
    {
        using var database = new SharedDatabase(cluster);
        await using var smtp = SlowSmtpServer.Start();
        await using var service = await TwoInstancesBehindNginx.StartAsync(database, output, ProcessSettings.For(smtp));

        var accepted = await AcceptedNotifications.SendAsync(service.Http, notifications: 500);

        var arrivals = await accepted.ShouldAllBeDeliveredAsync(smtp, service.Http, Patience);
        var (sentByA, sentByB) = (await SentAsync(service.A), await SentAsync(service.B));
        output.WriteLine($"{arrivals}; instance A sent {sentByA}, instance B sent {sentByB}");
        arrivals.Duplicates.ShouldBe(0);
        (sentByA + sentByB).ShouldBe(accepted.DeliveryIds.Count);
        sentByA.ShouldBeGreaterThan(0, "both instances claim from the queue at once, or no double claim was possible");
        sentByB.ShouldBeGreaterThan(0, "both instances claim from the queue at once, or no double claim was possible");
    }

    [Fact]
    public async Task A_kill_9_of_one_instance_mid_delivery_loses_nothing_and_duplicates_only_what_it_had_in_flight()
    {
        // The server keeps each message a second before its 250: a kill in that second loses the reply, not the message.
        await using var smtp = SlowSmtpServer.Start(replyDelay: TimeSpan.FromSeconds(1));
        using var database = new SharedDatabase(cluster);
        // The shortest lease allowed: the survivor rescues what the killed instance held within seconds.
        await using var service = await TwoInstancesBehindNginx.StartAsync(database, output, ProcessSettings.For(smtp, ("Delivery:LeaseSeconds", "5")));
        var accepted = await AcceptedNotifications.SendAsync(service.Http, notifications: 30, recipients: 10);

        await smtp.WaitForMessagesAsync(24, Patience);
        service.A.Kill();
        (await service.A.WaitForExitAsync(Patience)).ShouldBe(KilledBySigKill);
        output.WriteLine($"At the kill: {ServiceData.Describe(await database.DeliveryCountsAsync())}; {Arrivals.Of(smtp.Messages)} kept by the server");
        smtp.ReplyDelay = TimeSpan.Zero;

        var arrivals = await accepted.ShouldAllBeDeliveredAsync(smtp, service.Http, Patience);
        // What the killed instance held went back to the queue when its lease ran out and was claimed again by B.
        var rescued = await database.ClaimedMoreThanOnceAsync();
        output.WriteLine($"After the rescue: {arrivals}; {rescued.Count} deliveries A held at the kill were claimed again");
        rescued.Count.ShouldBeInRange(1, ProcessSettings.Concurrency);
        // Each of A's SMTP connections may leave two: a message kept whose 250 never came back, and
        // the one before it on that connection, whose 250 came back but whose result was not yet written.
        arrivals.Duplicated.ShouldBeSubsetOf(rescued);
        arrivals.Duplicates.ShouldBeLessThanOrEqualTo(ProcessSettings.Concurrency);
    }

    [Fact]
    public async Task An_instance_frozen_past_its_lease_cannot_overwrite_the_result_of_the_instance_that_took_its_delivery_over()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var database = new SharedDatabase(cluster);
        // A's request outlives the lease by far without timing out: A's attempt ends when the test says.
        var settings = new Dictionary<string, string?>
        {
            ["Webhooks:AllowPrivateNetworks"] = "true",
            ["Webhooks:TimeoutSeconds"] = "120",
            ["Delivery:LeaseSeconds"] = "5",
        };
        await using var a = await database.StartInstanceAsync(output, settings);
        var (endpointId, _) = await a.Http.CreateWebhookEndpointAsync(receiver.Url.ToString());
        var answerToA = receiver.HoldNext();
        var notificationId = (string)(await a.Http.SendAsync(Requests.Webhook(endpointId)))["id"]!;
        var toA = (await receiver.WaitForRequestsAsync(1, Patience))[0];

        a.Pause();
        // B starts while A is frozen, so the delivery can only be A's; once A's lease has run out B rescues and sends it.
        await using var b = await database.StartInstanceAsync(output, settings);
        var toB = (await receiver.WaitForRequestsAsync(2, Patience))[1];
        toB.Headers["webhook-id"].ShouldBe(toA.Headers["webhook-id"]);
        var deliveryId = toA.Headers["webhook-id"];
        await b.Http.WaitForStatusAsync(notificationId, "completed", Patience);

        a.Resume();
        answerToA.SetResult(500);
        await Eventually.GetAsync(() => Task.FromResult(a.HasLogged($"{deliveryId} finished after its lease passed to another worker")),
            dropped => dropped, Patience, "A to drop its late result");

        // A's 500 would have made it `retrying` with a last error; B's send stands.
        var delivery = (await b.Http.NotificationAsync(notificationId))["deliveries"]!.AsArray().Single()!;
        output.WriteLine($"Final state after A's late 500: {delivery.ToJsonString()}");
        ((string)delivery["status"]!).ShouldBe("sent");
        ((int)delivery["attempts"]!).ShouldBe(2);
        delivery["lastError"].ShouldBeNull();
        receiver.Requests.Count.ShouldBe(2);
    }

    /// <summary>Deliveries this instance sent, from its <c>/metrics</c>.</summary>
    private static async Task<int> SentAsync(ServiceProcess instance)
    {
        const string Series = "usheru_deliveries_total{channel=\"email\",status=\"sent\"} ";
        var metrics = await instance.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var line = metrics.Split('\n').SingleOrDefault(l => l.StartsWith(Series, StringComparison.Ordinal));
        return line is null ? 0 : (int)double.Parse(line[Series.Length..], CultureInfo.InvariantCulture);
    }
}
