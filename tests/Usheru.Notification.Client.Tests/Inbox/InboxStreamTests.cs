using Usheru.Notification.Client.Tests.Support;

namespace Usheru.Notification.Client.Tests.Inbox;

public sealed class InboxStreamTests(ServiceAndClient live) : IClassFixture<ServiceAndClient>
{
    private readonly INotificationClient client = live.Client;

    [Fact]
    public async Task Streams_inbox_items_sent_after_connecting()
    {
        await client.UpsertRecipientAsync("fan-1", new RecipientDetails(Name: "Fan"));
        await live.WaitForStatusAsync(await SendToInboxAsync("fan-1", "first"), NotificationStatus.Completed);
        var lastSeen = (await client.GetInboxPageAsync("fan-1")).Items.Single().Id;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await using var stream = client.StreamInboxAsync("fan-1", lastSeen, timeout.Token).GetAsyncEnumerator(timeout.Token);

        var second = await SendToInboxAsync("fan-1", "second");
        (await NextAsync(stream)).NotificationId.ShouldBe(second);
        // Only now is the stream surely listening (it subscribes before catching up after lastSeen): this one comes live.
        var third = await SendToInboxAsync("fan-1", "third");
        var next = await NextAsync(stream);
        while (next.NotificationId == second)
        {
            next = await NextAsync(stream);
        }

        next.NotificationId.ShouldBe(third);
        next.Title.ShouldBe("third");
    }

    [Fact]
    public async Task Surfaces_a_stream_for_an_unknown_recipient_as_a_404_exception()
    {
        var error = await Should.ThrowAsync<NotificationApiException>(async () =>
        {
            await foreach (var _ in client.StreamInboxAsync("ghost"))
            {
            }
        });

        error.Status.ShouldBe(404);
    }

    private async Task<string> SendToInboxAsync(string recipientId, string title) =>
        (await client.SendAsync(SendNotification.ToRecipient(recipientId).WithInbox(title))).Id;

    private static async Task<InboxItem> NextAsync(IAsyncEnumerator<InboxItem> stream)
    {
        (await stream.MoveNextAsync()).ShouldBeTrue("the stream ended");
        return stream.Current;
    }
}
