using Usheru.Notification.Client.Tests.Support;

namespace Usheru.Notification.Client.Tests.Topics;

/// <summary>Topics as API.md describes them; these pass once the service has the topic endpoints.</summary>
public sealed class TopicTests(ServiceAndClient live) : IClassFixture<ServiceAndClient>
{
    private readonly INotificationClient client = live.Client;

    [Fact]
    public async Task Sends_to_every_subscriber_of_a_topic_and_to_no_one_removed()
    {
        foreach (var fan in new[] { "fan-1", "fan-2", "fan-3" })
        {
            await client.UpsertRecipientAsync(fan, new RecipientDetails(Name: fan));
        }
        await client.PutTopicAsync("film:dune:tickets");
        await client.AddSubscribersAsync("film:dune:tickets", ["fan-1", "fan-2", "fan-3"]);

        await client.RemoveSubscriberAsync("film:dune:tickets", "fan-2");
        var accepted = await client.SendAsync(SendNotification.ToTopic("film:dune:tickets").WithInbox("Tickets for {{ film }} are on sale").With(new { film = "Dune" }));

        (await client.ListSubscribersAsync("film:dune:tickets", pageSize: 1).Select(s => s.RecipientId).ToListAsync()).ShouldBe(["fan-1", "fan-3"], ignoreOrder: true);
        await live.WaitForStatusAsync(accepted.Id, NotificationStatus.Completed);
        (await client.ListInboxAsync("fan-1").ToListAsync()).ShouldHaveSingleItem().Title.ShouldBe("Tickets for Dune are on sale");
        (await client.ListInboxAsync("fan-3").ToListAsync()).ShouldHaveSingleItem().NotificationId.ShouldBe(accepted.Id);
        (await client.ListInboxAsync("fan-2").ToListAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Pages_through_a_topics_subscribers()
    {
        var fans = Enumerable.Range(1, 5).Select(i => $"subscriber-{i}").ToList();
        foreach (var fan in fans)
        {
            await client.UpsertRecipientAsync(fan, new RecipientDetails(Name: fan));
        }
        await client.PutTopicAsync("cinema:42:news");
        await client.AddSubscribersAsync("cinema:42:news", fans);

        var firstPage = await client.GetSubscribersPageAsync("cinema:42:news", limit: 2);
        var all = await client.ListSubscribersAsync("cinema:42:news", pageSize: 2).Select(s => s.RecipientId).ToListAsync();

        firstPage.Items.Count.ShouldBe(2);
        firstPage.NextCursor.ShouldNotBeNull();
        all.ShouldBe(fans, ignoreOrder: true);
    }
}
