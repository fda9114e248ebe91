using Microsoft.Extensions.Time.Testing;
using Usheru.Notification.Client.Tests.Support;

namespace Usheru.Notification.Client.Tests.Workflows;

/// <summary>A run through the client on a service whose clock the test moves: durations the client writes are the ones the service waits.</summary>
public sealed class WorkflowClockTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider clock = new(Start);
    private readonly ServiceAndClient live;

    public WorkflowClockTests() => live = new ServiceAndClient(new TestService(clock: clock));

    [Fact]
    public async Task A_delay_built_from_a_TimeSpan_waits_exactly_that_long_then_the_run_sends()
    {
        var wait = new TimeSpan(days: 1, hours: 2, minutes: 30, seconds: 1, milliseconds: 500);
        var stored = await live.Client.PutWorkflowAsync("teaser", new WorkflowDefinition(
            [WorkflowStep.Delay("wait", wait), WorkflowStep.Send("tell", NotificationChannel.Email).WithEmail("The trailer is out", "Watch it now.")]));

        var accepted = await live.Client.SendAsync(SendNotification.ToEmail("ann@example.com").RunningWorkflow("teaser"));
        var waiting = await live.WaitForRunAsync(accepted.Id, r => r.Status == RunStatus.Waiting, "to wait");
        clock.Advance(wait);
        var done = await live.WaitForRunAsync(accepted.Id, r => r.Status == RunStatus.Completed && r.Steps.All(s => s.Status != RunStepStatus.Pending), "to complete");

        stored.Steps[0].Duration.ShouldBe("P1DT2H30M1.5S");
        (waiting.Step, waiting.ResumeAt).ShouldBe(("wait", Start + wait));
        done.Steps.Select(s => s.Status).ShouldBe([RunStepStatus.Completed, RunStepStatus.Sent]);
        (await File.ReadAllTextAsync(Path.Combine(live.Service.Outbox, $"{done.Steps[1].DeliveryId}.eml"))).ShouldContain("The trailer is out");
    }

    public void Dispose() => live.Dispose();
}
