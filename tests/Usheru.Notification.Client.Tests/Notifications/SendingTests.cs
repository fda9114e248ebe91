using Usheru.Notification.Client.Tests.Support;

namespace Usheru.Notification.Client.Tests.Notifications;

public sealed class SendingTests(ServiceAndClient live) : IClassFixture<ServiceAndClient>
{
    private readonly INotificationClient client = live.Client;

    [Fact]
    public async Task Sends_an_email_in_three_lines_and_sees_it_completed()
    {
        var accepted = await client.SendAsync(
            SendNotification.ToEmail("ann@example.com", "Ann").WithEmail("Tickets for {{ film }}", "Hi {{ recipient.name }}").With(new { film = "Dune" }),
            CancellationToken.None);

        accepted.Id.ShouldStartWith("ntf_");
        var delivery = accepted.Deliveries.ShouldHaveSingleItem();
        delivery.To.ShouldBe("ann@example.com");
        var completed = await live.WaitForStatusAsync(accepted.Id, NotificationStatus.Completed);
        completed!.Deliveries.ShouldHaveSingleItem().Status.ShouldBe(DeliveryStatus.Sent);
        (await File.ReadAllTextAsync(Path.Combine(live.Service.Outbox, $"{delivery.Id}.eml"))).ShouldContain("Tickets for Dune");
    }

    [Fact]
    public async Task Returns_the_same_notification_when_sent_again_with_the_same_idempotency_key()
    {
        var notification = SendNotification.ToEmail("ben@example.com").WithEmail("Your booking {{ booking }}", "See you there").With(new { booking = "B-991" });

        var first = await client.SendAsync(notification, "booking-B-991-confirmed");
        var again = await client.SendAsync(notification, "booking-B-991-confirmed");

        again.ShouldBeEquivalentTo(first);
        var sent = await client.ListNotificationsAsync().Where(n => n.Id == first.Id).ToListAsync();
        sent.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Sends_twice_when_sent_twice_without_an_idempotency_key()
    {
        var notification = SendNotification.ToEmail("cat@example.com").WithEmail("Hello", "Hello");

        var first = await client.SendAsync(notification);
        var second = await client.SendAsync(notification);

        second.Id.ShouldNotBe(first.Id);
    }

    [Fact]
    public async Task Returns_null_for_a_notification_that_does_not_exist()
    {
        (await client.GetNotificationAsync("ntf_0198f7d1c0a27a4c9b3e2f1d0c9b8a76")).ShouldBeNull();
    }

    [Fact]
    public async Task Cancels_a_scheduled_notification()
    {
        var accepted = await client.SendAsync(
            SendNotification.ToEmail("dan@example.com").WithEmail("Reminder", "Doors open at 20:00").At(DateTimeOffset.UtcNow.AddDays(1)));

        var cancelled = await client.CancelNotificationAsync(accepted.Id);

        accepted.Status.ShouldBe(NotificationStatus.Scheduled);
        cancelled.Status.ShouldBe(NotificationStatus.Cancelled);
        cancelled.Deliveries!.ShouldAllBe(d => d.Status == DeliveryStatus.Cancelled);
    }

    [Fact]
    public async Task Enumerates_every_notification_across_pages_newest_first()
    {
        var sent = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            sent.Add((await client.SendAsync(SendNotification.ToEmail($"guest-{i}@example.com").WithEmail("Hello", "Hello").WithMetadata(new { i }))).Id);
        }

        var firstPage = await client.GetNotificationsPageAsync(limit: 2);
        var all = await client.ListNotificationsAsync(pageSize: 2).Select(n => n.Id).ToListAsync();

        firstPage.Items.Count.ShouldBe(2);
        firstPage.NextCursor.ShouldNotBeNull();
        all.ShouldBeUnique();
        all.Where(sent.Contains).ShouldBe(Enumerable.Reverse(sent));
    }
}
