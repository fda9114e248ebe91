using Usheru.Notification.Client.Tests.Support;

namespace Usheru.Notification.Client.Tests.Workflows;

/// <summary>Workflows through the client against the real service: stored, triggered, replaced, cancelled and listed.</summary>
public sealed class WorkflowTests(ServiceAndClient live) : IClassFixture<ServiceAndClient>
{
    private static readonly WorkflowDefinition ShowtimeReminder = new(
        [
            WorkflowStep.DelayUntil("wait", "{{ data.showtime }}", offset: TimeSpan.FromHours(-2)),
            WorkflowStep.Send("inbox", NotificationChannel.Inbox).UsingTemplate("showtime-reminder"),
            WorkflowStep.Delay("grace", TimeSpan.FromMinutes(15)),
            WorkflowStep.Send("sms", NotificationChannel.Sms).UsingTemplate("showtime-reminder").If("steps.inbox.read == false"),
        ],
        Name: "Showtime reminder");

    /// <summary>A showtime far enough ahead that a reminder two hours before it waits through every test, on the second.</summary>
    private static readonly DateTimeOffset Showtime = new(DateTime.UtcNow.Date.AddDays(3).AddHours(20), TimeSpan.Zero);

    private readonly INotificationClient client = live.Client;

    [Fact]
    public async Task Stores_the_showtime_reminder_built_with_the_step_builders_and_reads_it_back()
    {
        var stored = await StoreReminderAsync("reminder-stored");
        var replaced = await client.PutWorkflowAsync("reminder-stored", ShowtimeReminder with { Name = "Showtime reminder v2" });

        stored.ShouldBe(stored with { Key = "reminder-stored", Name = "Showtime reminder", Category = NotificationCategory.Transactional, Version = 1 });
        stored.Steps.ShouldBe(ShowtimeReminder.Steps);
        stored.Steps[0].ShouldBe(new WorkflowStep("wait", WorkflowStepType.Delay, Until: "{{ data.showtime }}", Offset: "-PT2H"));
        stored.Steps[2].Duration.ShouldBe("PT15M");
        stored.Steps[3].ShouldBe(new WorkflowStep("sms", WorkflowStepType.Send, Condition: "steps.inbox.read == false", Channel: "sms", Template: "showtime-reminder"));
        replaced.Version.ShouldBe(2);
        (await client.GetWorkflowAsync("reminder-stored")).ShouldBeEquivalentTo(replaced);
        (await client.ListWorkflowsAsync(pageSize: 1).Select(w => w.Key).ToListAsync()).ShouldContain("reminder-stored");
    }

    [Fact]
    public async Task Writes_throttle_digest_and_window_steps_in_the_services_own_terms()
    {
        var stored = await client.PutWorkflowAsync("films-you-follow", new WorkflowDefinition(
            [
                WorkflowStep.Throttle("at_most_two_a_day", limit: 2, per: TimeSpan.FromDays(1)),
                WorkflowStep.Digest("week", TimeSpan.FromDays(7), key: "{{ data.kind }}", maxItems: 20),
                WorkflowStep.TimeWindow("weekend_daytime", new TimeOnly(9, 0), new TimeOnly(21, 30), DayOfWeek.Saturday, DayOfWeek.Sunday),
                WorkflowStep.Send("email", NotificationChannel.Email).WithEmail("{{ digest.count }} films you follow", "{% for item in digest.items %}{{ item.film }} {% endfor %}"),
            ],
            Name: "Films you follow",
            Category: NotificationCategory.Marketing));

        stored.Category.ShouldBe(NotificationCategory.Marketing);
        stored.Steps[0].ShouldBe(new WorkflowStep("at_most_two_a_day", WorkflowStepType.Throttle, Limit: 2, Per: "P1D"));
        stored.Steps[1].ShouldBe(new WorkflowStep("week", WorkflowStepType.Digest, Window: "P7D", Key: "{{ data.kind }}", MaxItems: 20));
        var window = stored.Steps[2];
        (window.Type, window.From, window.To).ShouldBe((WorkflowStepType.Window, "09:00", "21:30"));
        window.Days.ShouldBe(["sat", "sun"]);
        stored.Steps[3].Content.ShouldBe(new ChannelContent(Email: new EmailContent("{{ digest.count }} films you follow", "{% for item in digest.items %}{{ item.film }} {% endfor %}")));
    }

    [Fact]
    public async Task Returns_null_for_a_workflow_that_does_not_exist()
    {
        (await client.GetWorkflowAsync("no-such-workflow")).ShouldBeNull();
    }

    [Fact]
    public async Task Surfaces_refused_steps_as_an_exception_naming_each_step_and_stores_nothing()
    {
        var error = await Should.ThrowAsync<NotificationApiException>(() => client.PutWorkflowAsync("broken-reminder", new WorkflowDefinition(
        [
            WorkflowStep.Send("sms", NotificationChannel.Sms).WithSms("{{ film }} starts soon").If("steps.inbox.read == false"),
            WorkflowStep.Delay("grace", TimeSpan.Zero),
            WorkflowStep.Send("inbox", NotificationChannel.Inbox).WithInbox("{{ film }} starts soon"),
        ])));

        error.Status.ShouldBe(400);
        error.Errors["steps[0].if"].ShouldHaveSingleItem().ShouldBe("Step 'sms': the condition reads steps.inbox, which is not an earlier step.");
        error.Errors["steps[1].duration"].ShouldHaveSingleItem().ShouldStartWith("Step 'grace': 'PT0S' is not a positive ISO 8601 duration");
        (await client.GetWorkflowAsync("broken-reminder")).ShouldBeNull();
    }

    [Fact]
    public async Task Triggers_the_reminder_with_a_cancellation_key_and_sees_its_run_wait_until_two_hours_before_the_showtime()
    {
        await StoreReminderAsync("showtime-reminder");
        await client.UpsertRecipientAsync("ann", new RecipientDetails(Email: "ann@example.com", Phone: "+353871234567", Name: "Ann"));

        var accepted = await client.SendAsync(Reminder("showtime-reminder", "ann", Showtime, "booking-B-991"));
        var run = await WaitingAsync(accepted.Id);

        accepted.Workflow.ShouldBe("showtime-reminder");
        accepted.Deliveries.ShouldBeEmpty();
        run.ShouldBe(run with
        {
            Id = accepted.Runs.ShouldHaveSingleItem().Id, Workflow = "showtime-reminder", RecipientId = "ann", To = null,
            Status = RunStatus.Waiting, Step = "wait", ResumeAt = Showtime.AddHours(-2),
        });
        run.Steps.Select(s => (s.Id, s.Type, s.Status)).ShouldBe(
        [
            ("wait", WorkflowStepType.Delay, RunStepStatus.Pending), ("inbox", WorkflowStepType.Send, RunStepStatus.Pending),
            ("grace", WorkflowStepType.Delay, RunStepStatus.Pending), ("sms", WorkflowStepType.Send, RunStepStatus.Pending),
        ]);
        var notification = await client.GetNotificationAsync(accepted.Id);
        (notification!.Workflow, notification.Template).ShouldBe(("showtime-reminder", null));
    }

    [Fact]
    public async Task A_second_trigger_with_the_same_cancellation_key_replaces_the_waiting_run_and_follows_the_moved_showtime()
    {
        await StoreReminderAsync("reminder-moved");
        await client.UpsertRecipientAsync("bea", new RecipientDetails(Email: "bea@example.com", Name: "Bea"));
        var first = await client.SendAsync(Reminder("reminder-moved", "bea", Showtime, "booking-B-992"));
        await WaitingAsync(first.Id);

        var moved = await client.SendAsync(Reminder("reminder-moved", "bea", Showtime.AddHours(3), "booking-B-992"));

        var replaced = await live.WaitForRunAsync(first.Id, r => r.Status == RunStatus.Replaced, "to be replaced");
        (await WaitingAsync(moved.Id)).ResumeAt.ShouldBe(Showtime.AddHours(1));
        (replaced.Step, replaced.ResumeAt).ShouldBe((null, null));
        replaced.Steps.ShouldAllBe(s => s.Status == RunStepStatus.Skipped);
        await live.WaitForStatusAsync(first.Id, NotificationStatus.Cancelled);
    }

    [Fact]
    public async Task Cancels_runs_by_cancellation_key_for_some_recipients_or_all_and_counts_them()
    {
        await StoreReminderAsync("reminder-cancelled");
        await client.UpsertRecipientAsync("cid", new RecipientDetails(Email: "cid@example.com"));
        await client.UpsertRecipientAsync("dan", new RecipientDetails(Email: "dan@example.com"));
        var accepted = await client.SendAsync(Reminder("reminder-cancelled", "cid", Showtime, "booking-B-993").AlsoTo(Address.ForRecipient("dan")));
        await Eventually.GetAsync(() => client.ListRunsAsync(accepted.Id).ToListAsync().AsTask(), runs => runs.All(r => r.Status == RunStatus.Waiting),
            what: "both runs to wait");

        var nobody = await client.CancelWorkflowRunsAsync("reminder-cancelled", "booking-B-993", []);
        var onlyCid = await client.CancelWorkflowRunsAsync("reminder-cancelled", "booking-B-993", ["cid"]);
        var everyone = await client.CancelWorkflowRunsAsync("reminder-cancelled", "booking-B-993");
        var again = await client.CancelWorkflowRunsAsync("reminder-cancelled", "booking-B-993");

        (nobody, onlyCid, everyone, again).ShouldBe((0, 1, 1, 0));
        (await client.ListRunsAsync(accepted.Id).Select(r => r.Status).ToListAsync()).ShouldBe([RunStatus.Cancelled, RunStatus.Cancelled]);
        var unknown = await Should.ThrowAsync<NotificationApiException>(() => client.CancelWorkflowRunsAsync("no-such-workflow", "booking-B-993"));
        unknown.Status.ShouldBe(404);
    }

    [Fact]
    public async Task Pages_through_the_runs_of_a_trigger_to_many_recipients()
    {
        await StoreReminderAsync("reminder-paged");
        var fans = Enumerable.Range(1, 5).Select(i => $"runner-{i}").ToList();
        foreach (var fan in fans)
        {
            await client.UpsertRecipientAsync(fan, new RecipientDetails(Name: fan));
        }

        var accepted = await client.SendAsync(new SendNotification([.. fans.Select(Address.ForRecipient)])
            .RunningWorkflow("reminder-paged").With(new { film = "Dune", showtime = Showtime }));
        var firstPage = await client.GetRunsPageAsync(accepted.Id, limit: 2);
        var all = await client.ListRunsAsync(accepted.Id, pageSize: 2).ToListAsync();

        firstPage.Items.Count.ShouldBe(2);
        firstPage.NextCursor.ShouldNotBeNull();
        all.Select(r => r.Id).ShouldBe(accepted.Runs!.Select(r => r.Id), ignoreOrder: true);
        all.Select(r => r.RecipientId).ShouldBe(fans, ignoreOrder: true);
        all.ShouldAllBe(r => r.Workflow == "reminder-paged");
    }

    [Fact]
    public async Task A_send_step_with_inline_content_ends_sent_with_the_delivery_it_made()
    {
        await client.PutWorkflowAsync("welcome", new WorkflowDefinition([WorkflowStep.Send("hello", NotificationChannel.Email).WithEmail("Welcome to {{ film }}", "Enjoy it.")]));

        var accepted = await client.SendAsync(SendNotification.ToEmail("eve@example.com", "Eve").RunningWorkflow("welcome").With(new { film = "Dune" }));
        var run = await live.WaitForRunAsync(accepted.Id, r => r.Status == RunStatus.Completed && r.Steps.All(s => s.Status != RunStepStatus.Pending), "to complete");

        accepted.Runs.ShouldHaveSingleItem().ShouldBe(new AcceptedRun(run.Id, null, "eve@example.com"));
        var step = run.Steps.ShouldHaveSingleItem();
        (step.Id, step.Status).ShouldBe(("hello", RunStepStatus.Sent));
        step.DeliveryId.ShouldNotBeNull().ShouldStartWith("dlv_");
        (await File.ReadAllTextAsync(Path.Combine(live.Service.Outbox, $"{step.DeliveryId}.eml"))).ShouldContain("Welcome to Dune");
    }

    private async Task<StoredWorkflow> StoreReminderAsync(string key)
    {
        await client.PutTemplateAsync("showtime-reminder", new TemplateDefinition(new ChannelContent(
            Sms: new SmsContent("{{ film }} starts at {{ showtime | date: '%H:%M' }}"),
            Inbox: new MessageContent("{{ film }} starts at {{ showtime | date: '%H:%M' }}"))));
        return await client.PutWorkflowAsync(key, ShowtimeReminder);
    }

    private static SendNotification Reminder(string workflow, string recipientId, DateTimeOffset showtime, string booking) =>
        SendNotification.ToRecipient(recipientId).RunningWorkflow(workflow).WithCancellationKey(booking).With(new { film = "Dune", showtime });

    private Task<RunDetails> WaitingAsync(string notificationId) =>
        live.WaitForRunAsync(notificationId, r => r.Status == RunStatus.Waiting && r.Step == "wait", "to wait at 'wait'");
}
