using System.Diagnostics;
using Usheru.Notification.Api.Tests.Support;
using Xunit.Abstractions;

namespace Usheru.Notification.Api.Tests.SystemTests;

/// <summary>
/// Guarantee 9: on SIGTERM (what ECS sends before its 30 s stop timeout) the service stops claiming,
/// lets in-flight deliveries finish or cuts them off at <c>Delivery:DrainSeconds</c>, hands back what
/// it did not send, leaves no delivery <c>sending</c> and exits 0; the next process sends the rest.
/// </summary>
[Collection(ServiceProcesses.Name)]
public sealed class GracefulShutdownTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly ServiceData _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Finishes_in_flight_deliveries_on_sigterm_exits_0_and_leaves_the_rest_to_the_next_process()
    {
        await using var smtp = SlowSmtpServer.Start(replyDelay: TimeSpan.FromMilliseconds(250));
        AcceptedNotifications accepted;
        int keptAtSigterm;
        await using (var stopping = await ServiceProcess.StartAsync(_data, output, ProcessSettings.For(smtp)))
        {
            accepted = await AcceptedNotifications.SendAsync(stopping.Http, notifications: 30, recipients: 10);
            keptAtSigterm = (await smtp.WaitForMessagesAsync(20, Patience)).Count;
            var drain = Stopwatch.StartNew();
            stopping.Terminate();
            (await stopping.WaitForExitAsync(StopTimeout)).ShouldBe(0);
            output.WriteLine($"Exited 0 {drain.Elapsed.TotalSeconds:0.0} s after SIGTERM; the server had kept {keptAtSigterm} messages at SIGTERM");
        }

        output.WriteLine($"After the exit: {ServiceData.Describe(await _data.DeliveryCountsAsync())}; {Arrivals.Of(smtp.Messages)} kept by the server");
        (await _data.DeliveryIdsAsync("sending")).ShouldBeEmpty();
        var sent = await _data.DeliveryIdsAsync("sent");
        var kept = Arrivals.Of(smtp.Messages).DeliveryIds;
        kept.Except(sent).ShouldBeEmpty("the server kept these but the service did not record them as sent: in-flight sends were abandoned");
        sent.Except(kept).ShouldBeEmpty("recorded as sent but never reached the server");
        // And no new work was taken after SIGTERM: at most what was already claimed got sent.
        sent.Count.ShouldBeLessThanOrEqualTo(keptAtSigterm + ProcessSettings.Concurrency);
        sent.Count.ShouldBeLessThan(accepted.DeliveryIds.Count);
        smtp.ReplyDelay = TimeSpan.Zero;
        await using var next = await ServiceProcess.StartAsync(_data, output, ProcessSettings.For(smtp));

        var arrivals = await accepted.ShouldAllBeDeliveredAsync(smtp, next.Http, Patience);
        output.WriteLine($"After the restart: {arrivals}");
        arrivals.Duplicates.ShouldBe(0);
    }

    [Fact]
    public async Task Cuts_off_sends_that_outlast_the_drain_period_and_hands_them_back_before_exiting_0()
    {
        // Far longer than the drain period, shorter than MailKit's own 30 s timeout.
        await using var smtp = SlowSmtpServer.Start(replyDelay: TimeSpan.FromSeconds(15));
        AcceptedNotifications accepted;
        Arrivals cutOff;
        await using (var stopping = await ServiceProcess.StartAsync(_data, output, ProcessSettings.For(smtp, ("Delivery:DrainSeconds", "1"))))
        {
            accepted = await AcceptedNotifications.SendAsync(stopping.Http, notifications: 10, recipients: 5);
            // Every SMTP connection now carries a message whose 250 is 15 s away.
            cutOff = Arrivals.Of(await smtp.WaitForMessagesAsync(ProcessSettings.SmtpConnections, Patience));
            var drain = Stopwatch.StartNew();
            stopping.Terminate();
            (await stopping.WaitForExitAsync(StopTimeout)).ShouldBe(0);
            output.WriteLine($"Exited 0 {drain.Elapsed.TotalSeconds:0.0} s after SIGTERM with a 1 s drain period");
            drain.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        }

        output.WriteLine($"After the exit: {ServiceData.Describe(await _data.DeliveryCountsAsync())}");
        (await _data.DeliveryIdsAsync("sending")).ShouldBeEmpty();
        (await _data.DeliveryIdsAsync("sent")).ShouldBeEmpty();
        smtp.ReplyDelay = TimeSpan.Zero;
        await using var next = await ServiceProcess.StartAsync(_data, output, ProcessSettings.For(smtp));

        var arrivals = await accepted.ShouldAllBeDeliveredAsync(smtp, next.Http, Patience);
        output.WriteLine($"After the restart: {arrivals}");
        // Only the cut-off sends, which the server had kept without answering, arrive twice.
        arrivals.Duplicated.ShouldBe(cutOff.DeliveryIds, ignoreOrder: true);
    }
}
