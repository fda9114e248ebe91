using Usheru.Notification.Api.Tests.Support;
using Xunit.Abstractions;

namespace Usheru.Notification.Api.Tests.SystemTests;

/// <summary>
/// Guarantees 1 and 3: the service is killed with SIGKILL and started again on the same database;
/// whatever it accepted still reaches the SMTP server, and only deliveries that were in flight at
/// the crash may arrive twice.
/// </summary>
[Collection(ServiceProcesses.Name)]
public sealed class CrashAndRestartTests(ITestOutputHelper output) : IDisposable
{
    private const int KilledBySigKill = 128 + 9;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly ServiceData _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Delivers_every_notification_accepted_before_a_kill_right_after_the_last_202()
    {
        await using var smtp = SlowSmtpServer.Start(silent: true);
        AcceptedNotifications accepted;
        await using (var crashing = await StartAsync(smtp))
        {
            accepted = await AcceptedNotifications.SendAsync(crashing.Http, notifications: 100);
            crashing.Kill();
            (await crashing.WaitForExitAsync(Patience)).ShouldBe(KilledBySigKill);
        }

        // Nothing got through before the crash, so all that arrives later was read back from the database.
        smtp.Messages.ShouldBeEmpty();
        var rows = await _data.DeliveryCountsAsync();
        output.WriteLine($"At the kill: {ServiceData.Describe(rows)}; {smtp.Connections} SMTP connections left unanswered");
        rows.Values.Sum().ShouldBe(accepted.DeliveryIds.Count);
        smtp.Silent = false;
        await using var restarted = await StartAsync(smtp);

        var arrivals = await accepted.ShouldAllBeDeliveredAsync(smtp, restarted.Http, Patience);
        output.WriteLine($"After the restart: {arrivals}");
        arrivals.Duplicates.ShouldBe(0);
    }

    [Fact]
    public async Task Delivers_every_delivery_after_a_kill_mid_delivery_duplicating_only_those_in_flight()
    {
        // The server keeps each message a second before its 250: a kill in that second loses the reply, not the message.
        await using var smtp = SlowSmtpServer.Start(replyDelay: TimeSpan.FromSeconds(1));
        AcceptedNotifications accepted;
        await using (var crashing = await StartAsync(smtp))
        {
            accepted = await AcceptedNotifications.SendAsync(crashing.Http, notifications: 20, recipients: 10);
            await smtp.WaitForMessagesAsync(12, Patience);
            crashing.Kill();
            (await crashing.WaitForExitAsync(Patience)).ShouldBe(KilledBySigKill);
        }

        var inFlight = await _data.DeliveryIdsAsync("sending");
        output.WriteLine($"At the kill: {ServiceData.Describe(await _data.DeliveryCountsAsync())}; {Arrivals.Of(smtp.Messages)} kept by the server");
        inFlight.Count.ShouldBeInRange(1, ProcessSettings.Concurrency);
        smtp.ReplyDelay = TimeSpan.Zero;
        await using var restarted = await StartAsync(smtp);

        var arrivals = await accepted.ShouldAllBeDeliveredAsync(smtp, restarted.Http, Patience);
        output.WriteLine($"After the restart: {arrivals}; {inFlight.Count} deliveries were in flight at the kill");
        // The last message the server kept before the kill never had its 250 read, so it is sent again.
        arrivals.Duplicated.ShouldNotBeEmpty();
        arrivals.Duplicated.ShouldBeSubsetOf(inFlight);
        arrivals.Duplicates.ShouldBeLessThanOrEqualTo(ProcessSettings.Concurrency);
    }

    // The shortest lease allowed: the restarted process rescues what the killed one held within seconds.
    private Task<ServiceProcess> StartAsync(SlowSmtpServer smtp) =>
        ServiceProcess.StartAsync(_data, output, ProcessSettings.For(smtp, ("Delivery:LeaseSeconds", "5")));
}
