namespace Usheru.Notification.Client.Tests.Workflows;

/// <summary>What the step builders refuse before anything is sent: settings the service would ignore or could not express.</summary>
public sealed class WorkflowStepBuilderTests
{
    [Fact]
    public void Refuses_a_template_or_content_on_a_step_that_does_not_send()
    {
        var grace = WorkflowStep.Delay("grace", TimeSpan.FromMinutes(15));

        Should.Throw<InvalidOperationException>(() => grace.UsingTemplate("showtime-reminder")).Message.ShouldBe("UsingTemplate applies to send steps; step 'grace' is a delay step.");
        Should.Throw<InvalidOperationException>(() => grace.WithSms("Doors open soon"));
    }

    [Fact]
    public void Refuses_times_off_the_minute_and_durations_finer_than_a_millisecond()
    {
        Should.Throw<ArgumentException>(() => WorkflowStep.TimeWindow("daytime", new TimeOnly(9, 0, 30), new TimeOnly(21, 0))).ParamName.ShouldBe("from");
        Should.Throw<ArgumentException>(() => WorkflowStep.Delay("grace", TimeSpan.FromTicks(1))).ParamName.ShouldBe("duration");
        Should.Throw<ArgumentException>(() => WorkflowStep.DelayUntil("wait", "{{ data.showtime }}", offset: TimeSpan.FromTicks(-1))).ParamName.ShouldBe("offset");
    }
}
