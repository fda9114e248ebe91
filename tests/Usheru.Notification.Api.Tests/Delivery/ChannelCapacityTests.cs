using System.Diagnostics;
using System.Globalization;
using MimeKit;
using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Tests.Channels.Email;
using Usheru.Notification.Api.Tests.Support;
using Xunit.Abstractions;

namespace Usheru.Notification.Api.Tests.Delivery;

/// <summary>
/// <c>Delivery:Channels:{channel}:RatePerSecond</c> as a client and the far ends see it: a capped
/// channel's messages all arrive, no sooner than the cap allows; other channels do not wait behind
/// its backlog; a transactional message does not wait behind a marketing one.
/// </summary>
public abstract class ChannelCapacityTests(Engine engine, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly SlowSmtpServer smtp = SlowSmtpServer.Start();

    [Fact]
    public async Task A_capped_channel_delivers_everything_queued_and_never_faster_than_its_rate()
    {
        // The per-second bound is exact where it is made, in the send schedule (LaneClaimTests); here,
        // what a far end can count however busy the machine: all of it, and no sooner than the rate allows.
        const int Rate = 50;
        const int Queued = 150;
        using var service = Start(Rate);
        var burst = service.Service<ChannelRates>().Capped.Single().Capacity;

        var accepted = await service.Client().SendAsync(Requests.Emails(Queued, "marketing"));
        var acceptedAt = Stopwatch.GetTimestamp();
        var arrived = await smtp.WaitForMessagesAsync(Queued, Patience);

        var times = smtp.TimedMessages.Select(m => m.At).Order().ToArray();
        var took = Stopwatch.GetElapsedTime(acceptedAt, times[^1]);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Arrivals.Of(arrived)} {took.TotalSeconds:0.00} s after the 202; at most {SendWindows.MostInAnySecond(times)} in any one second at {Rate}/s"));
        Arrivals.Of(arrived).DeliveryIds.ShouldBe(accepted.DeliveryIds(), ignoreOrder: true);
        // A full bucket at once, then one a token: a busy machine can only make it later.
        took.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds((double)(Queued - burst - 1) / Rate));
    }

    [Fact]
    public async Task An_uncapped_channel_is_not_held_back_by_a_capped_channels_backlog()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var service = Start(emailRate: 5);
        var client = service.Client();
        await client.SendAsync(Requests.Emails(100, "marketing"));
        var (endpoint, _) = await client.CreateWebhookEndpointAsync(receiver.Url.ToString());

        for (var i = 0; i < 20; i++)
        {
            var webhook = Requests.Webhook(endpoint);
            webhook["category"] = "marketing";
            await client.SendAsync(webhook);
        }
        await receiver.WaitForRequestsAsync(20, Patience);

        var emails = smtp.Messages.Count;
        output.WriteLine($"All 20 webhooks arrived while {emails} of 100 emails (5/s) had");
        emails.ShouldBeLessThan(50, "the webhooks went while the email backlog was still draining");
    }

    [Fact]
    public async Task A_transactional_email_overtakes_a_marketing_backlog_on_its_capped_channel()
    {
        using var service = Start(emailRate: 10);
        var client = service.Client();
        var marketing = (await client.SendAsync(Requests.Emails(100, "marketing"))).DeliveryIds().ToHashSet();
        await smtp.WaitForMessagesAsync(1, Patience);

        var latencies = new List<TimeSpan>();
        for (var i = 0; i < 5; i++)
        {
            var id = (await client.SendAsync(Requests.Email($"booking-{i}@example.com"))).DeliveryIds().Single();
            var acceptedAt = Stopwatch.GetTimestamp();
            var arrivedAt = await Eventually.GetAsync(() => Task.FromResult(smtp.TimedMessages.Where(m => DeliveryId(m.Item) == id).Select(m => m.At).FirstOrDefault()),
                at => at != 0, Patience, $"transactional email {id}");
            latencies.Add(Stopwatch.GetElapsedTime(acceptedAt, arrivedAt));
        }

        var marketingSent = smtp.Messages.Count(m => marketing.Contains(DeliveryId(m)));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Transactional accept-to-send: {string.Join(", ", latencies.Select(l => $"{l.TotalMilliseconds:0} ms"))}; {marketingSent} of 100 marketing sent by then"));
        marketingSent.ShouldBeLessThan(50, "each transactional email went ahead of the marketing queued before it");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await smtp.DisposeAsync();

    private TestService Start(int emailRate)
    {
        var settings = EmailSettings.Smtp(smtp.Port);
        settings["Delivery:Channels:email:RatePerSecond"] = emailRate.ToString(CultureInfo.InvariantCulture);
        return new TestService(settings, engine: engine);
    }

    private static string DeliveryId(MimeMessage message) => message.MessageId.ShouldNotBeNull().Split('@')[0];
}

[Collection(RateMeasurements.Name)]
public sealed class ChannelCapacityOnSqlite(ITestOutputHelper output) : ChannelCapacityTests(Engine.Sqlite, output);

[Collection(RateMeasurements.Name)]
public sealed class ChannelCapacityOnPostgres(ITestOutputHelper output) : ChannelCapacityTests(Engine.Postgres, output);
