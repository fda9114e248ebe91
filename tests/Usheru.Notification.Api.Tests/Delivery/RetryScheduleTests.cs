using Microsoft.Extensions.Time.Testing;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Delivery;

/// <summary>Retries under a fake clock: the schedule is observed, never slept through.</summary>
public abstract class RetryScheduleTests(Engine engine) : IAsyncLifetime
{
    private readonly TestService service = new(new Dictionary<string, string?> { ["Delivery:MaxAttempts"] = "3" }, new FakeTimeProvider(DateTimeOffset.UtcNow), engine);
    private WebhookReceiver receiver = null!;

    private FakeTimeProvider Clock => (FakeTimeProvider)service.Service<TimeProvider>();


    public async Task InitializeAsync() => receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        await receiver.DisposeAsync();
        service.Dispose();
    }

    [Fact]
    public async Task Retries_with_growing_jittered_backoff_then_fails_after_max_attempts()
    {
        var client = service.Client();
        var (endpointId, _) = await client.CreateWebhookEndpointAsync(receiver.Url.ToString());
        for (var i = 0; i < 3; i++)
        {
            receiver.AnswerNext(500);
        }
        var id = (string)(await client.SendAsync(Requests.Webhook(endpointId)))["id"]!;

        var waits = new List<TimeSpan>();
        for (var attempt = 1; attempt < 3; attempt++)
        {
            var delivery = await WaitForDeliveryAsync(client, id, "retrying", attempt);
            var wait = DateTimeOffset.Parse((string)delivery["nextAttemptAt"]!) - Clock.GetUtcNow();
            waits.Add(wait);
            Clock.Advance(wait + TimeSpan.FromMilliseconds(1));
        }
        var failed = await client.WaitForStatusAsync(id, "failed");

        waits[0].TotalSeconds.ShouldBeInRange(8, 12);
        waits[1].TotalSeconds.ShouldBeInRange(24, 36);
        failed["deliveries"]![0]!["attempts"]!.GetValue<int>().ShouldBe(3);
        failed["deliveries"]![0]!["lastError"]!.ToString().ShouldContain("500");
        receiver.Requests.Count.ShouldBe(3);
        receiver.Requests.Select(r => r.Headers["webhook-id"]).Distinct().Count().ShouldBe(1);
        receiver.Requests.Select(r => r.BodyText).Distinct().Count().ShouldBe(1);
    }

    [Fact]
    public async Task Waits_at_least_as_long_as_retry_after_asks()
    {
        var client = service.Client();
        var (endpointId, _) = await client.CreateWebhookEndpointAsync(receiver.Url.ToString());
        receiver.AnswerNext(429, ("Retry-After", "120"));
        var id = (string)(await client.SendAsync(Requests.Webhook(endpointId)))["id"]!;

        var delivery = await WaitForDeliveryAsync(client, id, "retrying", 1);
        var wait = DateTimeOffset.Parse((string)delivery["nextAttemptAt"]!) - Clock.GetUtcNow();
        // Stored to the millisecond.
        wait.TotalSeconds.ShouldBeInRange(119.99, 121);

        Clock.Advance(wait);
        await client.WaitForStatusAsync(id, "completed");
        receiver.Requests.Count.ShouldBe(2);
    }

    private static async Task<System.Text.Json.Nodes.JsonNode> WaitForDeliveryAsync(HttpClient client, string id, string status, int attempts)
    {
        var notification = await Eventually.GetAsync(() => client.NotificationAsync(id),
            n => (string?)n["deliveries"]![0]!["status"] == status && n["deliveries"]![0]!["attempts"]!.GetValue<int>() == attempts,
            what: $"delivery to be {status} after {attempts} attempts");
        return notification["deliveries"]![0]!;
    }
}

public sealed class RetryScheduleOnSqlite() : RetryScheduleTests(Engine.Sqlite);

public sealed class RetryScheduleOnPostgres() : RetryScheduleTests(Engine.Postgres);
