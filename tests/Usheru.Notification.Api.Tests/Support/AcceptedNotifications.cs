using System.Text.Json.Nodes;

namespace Usheru.Notification.Api.Tests.Support;

/// <summary>
/// Email notifications a service answered 202 to, with the ids of their deliveries: what a test
/// must later find delivered, whatever happened to the process in between.
/// </summary>
internal sealed class AcceptedNotifications
{
    private AcceptedNotifications(IReadOnlyList<JsonObject> responses)
    {
        NotificationIds = [.. responses.Select(r => (string)r["id"]!)];
        DeliveryIds = responses.SelectMany(r => r["deliveries"]!.AsArray()).Select(d => (string)d!["id"]!).ToHashSet();
    }

    public IReadOnlyList<string> NotificationIds { get; }

    public IReadOnlySet<string> DeliveryIds { get; }

    /// <summary>
    /// Sends <paramref name="notifications"/> emails to <paramref name="recipients"/> addresses each,
    /// a few requests at a time, and returns once every one has its 202.
    /// </summary>
    public static async Task<AcceptedNotifications> SendAsync(HttpClient client, int notifications, int recipients = 1)
    {
        var responses = new JsonObject[notifications];
        await Parallel.ForEachAsync(Enumerable.Range(0, notifications), new ParallelOptions { MaxDegreeOfParallelism = 4 },
            async (n, _) => responses[n] = await client.SendAsync(Email(n, recipients)));
        return new(responses);
    }

    /// <summary>The notifications in these 202 responses.</summary>
    public static AcceptedNotifications Of(IEnumerable<JsonObject> responses) => new([.. responses]);

    /// <summary>
    /// <see cref="ShouldAllBeSentAsync"/>, and asserts that nothing but the accepted deliveries reached
    /// <paramref name="smtp"/>. Returns what arrived, for the test to judge the duplicates.
    /// </summary>
    public async Task<Arrivals> ShouldAllBeDeliveredAsync(SlowSmtpServer smtp, HttpClient client, TimeSpan timeout)
    {
        var arrivals = await ShouldAllBeSentAsync(smtp, client, timeout);
        arrivals.DeliveryIds.ShouldBe(DeliveryIds, ignoreOrder: true);
        return arrivals;
    }

    /// <summary>
    /// Waits until every accepted delivery has reached <paramref name="smtp"/> at least once, then
    /// asserts through the API that every notification completed with every delivery sent. Returns
    /// all that reached the server by then, which is all that ever will: a copy is only sent under a
    /// lease, and a delivery recorded as sent has none. (Counted any earlier, a delivery whose result
    /// could not be recorded, sent again once its lease ran out, would be missed as a duplicate.)
    /// </summary>
    public async Task<Arrivals> ShouldAllBeSentAsync(SlowSmtpServer smtp, HttpClient client, TimeSpan timeout)
    {
        await Eventually.GetAsync(() => Task.FromResult(Arrivals.Of(smtp.Messages)),
            arrived => DeliveryIds.IsSubsetOf(arrived.DeliveryIds), timeout, $"all {DeliveryIds.Count} accepted deliveries to arrive");
        await Parallel.ForEachAsync(NotificationIds, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, _) =>
        {
            var notification = await client.WaitForStatusAsync(id, "completed", timeout);
            notification["deliveries"]!.AsArray().ShouldAllBe(d => (string)d!["status"]! == "sent");
        });
        return Arrivals.Of(smtp.Messages);
    }

    private static JsonObject Email(int notification, int recipients) => Requests.Emails(recipients, "transactional", $"guest-{notification}");
}
