using System.Diagnostics;
using System.Globalization;
using Usheru.Notification.Api.Tests.Support;
using Xunit.Abstractions;

namespace Usheru.Notification.Api.Tests.SystemTests;

/// <summary>
/// Lanes and channel capacity on the production shape: two service processes on one PostgreSQL,
/// email capped at 50 per second for the two together, an on-sale wave of 5,000 marketing emails
/// queued, and booking confirmations arriving while it drains.
/// </summary>
[Collection(ServiceProcesses.Name)]
public sealed class LanesTests(PostgresCluster cluster, ITestOutputHelper output) : IClassFixture<PostgresCluster>
{
    private const int Rate = 50;
    // The contract: no more than rate + 5 reach the SMTP server in any one second.
    private const int MostInAnySecond = Rate + 5;
    private const int Marketing = 5_000;
    private const int Confirmations = 50;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Each_confirmation_arrives_within_a_second_of_its_202_while_5000_marketing_emails_drain_at_50_a_second_across_two_instances()
    {
        using var database = new SharedDatabase(cluster);
        await using var smtp = SlowSmtpServer.Start();
        var settings = ProcessSettings.For(smtp, ("Delivery:Channels:email:RatePerSecond", Rate.ToString(CultureInfo.InvariantCulture)));
        await using var a = await database.StartInstanceAsync(output, settings);
        await using var b = await database.StartInstanceAsync(output, settings);
        ServiceProcess[] instances = [a, b];

        var marketing = new List<string>();
        for (var wave = 0; wave < Marketing / 1000; wave++)
            marketing.AddRange((await instances[wave % 2].Http.SendAsync(Requests.Emails(1000, "marketing", $"fan-{wave}"))).DeliveryIds());
        await smtp.WaitForMessagesAsync(2 * Rate, Patience);
        // Booking confirmations trickle in, five a second, to either instance, while the wave drains.
        var confirmations = new List<(string Id, long AcceptedAt)>();
        using (var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(200)))
        {
            for (var i = 0; i < Confirmations; i++)
            {
                await pace.WaitForNextTickAsync();
                var id = (await instances[i % 2].Http.SendAsync(Requests.Email($"booking-{i}@example.com"))).DeliveryIds().Single();
                confirmations.Add((id, Stopwatch.GetTimestamp()));
            }
        }
        await WhileArrivingAsync(smtp, Marketing + Confirmations);

        var received = smtp.TimedMessages;
        var arrivedAt = received.GroupBy(m => m.Item.MessageId.ShouldNotBeNull().Split('@')[0]).ToDictionary(g => g.Key, g => g.Min(m => m.At));
        // At 50/s the instances send every 20 ms; arrivals stopping for 100 ms or more is the way to the sink stalling.
        var stalls = new PathStalls(received.Select(m => m.At), longerThan: TimeSpan.FromMilliseconds(100));
        var latencies = confirmations.Select(c => (Ms: Stopwatch.GetElapsedTime(c.AcceptedAt, arrivedAt[c.Id]).TotalMilliseconds,
            Stalled: stalls.LongestBetween(c.AcceptedAt, arrivedAt[c.Id]).TotalMilliseconds)).OrderBy(l => l.Ms).ToArray();
        // Judged once the drain is under way: the first 2 × rate arrivals open the SMTP connections.
        var most = stalls.MostInAnySecond(Rate, from: 2 * Rate);
        var drained = Stopwatch.GetElapsedTime(received[0].At, received[^1].At);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            {Arrivals.Of(received.Select(m => m.Item))} in {drained.TotalSeconds:0.0} s ({(received.Count - 1) / drained.TotalSeconds:0.0}/s)
            at most {SendWindows.MostInAnySecond(received.Select(m => m.At))} in any one second as they arrived, {most} less what the arrivals before had fallen behind the cap; {stalls.Gaps.Count} stalls on the way (longest {stalls.Gaps.DefaultIfEmpty().Max().TotalMilliseconds:0} ms); cap {Rate}/s
            confirmations, 202 to arrival: p50 {latencies[latencies.Length / 2].Ms:0} ms, p99 {latencies[(int)Math.Ceiling(latencies.Length * 0.99) - 1].Ms:0} ms, max {latencies[^1].Ms:0} ms
            """));
        // Behind the backlog instead of before it, a confirmation would wait up to 100 s.
        latencies.ShouldAllBe(l => l.Ms <= 1000 + l.Stalled, "a marketing backlog adds at most a second to a transactional send (plus what the way to the sink stalled)");
        most.ShouldBeLessThanOrEqualTo(MostInAnySecond);
        (received.Count / (drained.TotalSeconds + 1)).ShouldBeLessThanOrEqualTo(Rate, "the cap over the whole drain");
        marketing.ShouldBeSubsetOf(arrivedAt.Keys);
    }

    /// <summary>Waits for <paramref name="count"/> messages for as long as they keep coming: a drain at a cap takes what it takes.</summary>
    private static async Task WhileArrivingAsync(SlowSmtpServer smtp, int count)
    {
        while (true)
        {
            var before = smtp.Messages.Count;
            try
            {
                await smtp.WaitForMessagesAsync(count, Patience);
                return;
            }
            catch (TimeoutException) when (smtp.Messages.Count > before)
            {
                // Still arriving.
            }
        }
    }
}
