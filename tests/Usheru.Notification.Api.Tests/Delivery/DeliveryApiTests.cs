using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Delivery;

/// <summary>An operator's view across notifications: finding deliveries, replaying failed ones, the numbers.</summary>
public abstract class DeliveryApiTests(Engine engine) : IAsyncLifetime
{
    private readonly TestService service = new(engine: engine);
    private WebhookReceiver receiver = null!;

    public async Task InitializeAsync() => receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        await receiver.DisposeAsync();
        service.Dispose();
    }

    /// <summary>Sends to the receiver, which refuses for good (400), and waits until the notification has failed.</summary>
    private async Task<(string NotificationId, string DeliveryId)> FailedWebhookAsync(HttpClient client, string endpointId)
    {
        receiver.AnswerNext(400);
        var accepted = await client.SendAsync(Requests.Webhook(endpointId));
        await client.WaitForStatusAsync((string)accepted["id"]!, "failed");
        return ((string)accepted["id"]!, (string)accepted["deliveries"]![0]!["id"]!);
    }

    private static async Task<JsonArray> ItemsAsync(HttpClient client, string query) =>
        (await client.GetJsonAsync($"/v1/deliveries?{query}"))["items"]!.AsArray();

    [Fact]
    public async Task Finds_deliveries_across_notifications_by_address_status_channel_and_time()
    {
        var client = service.Client();
        var (endpointId, _) = await client.CreateWebhookEndpointAsync(receiver.Url.ToString());
        var before = DateTimeOffset.UtcNow.AddMilliseconds(-1);
        var ann = await client.SendAsync(Requests.Email("ann@example.com"));
        var bob = await client.SendAsync(Requests.Email("bob@example.com"));
        await client.WaitForStatusAsync((string)ann["id"]!, "completed");
        await client.WaitForStatusAsync((string)bob["id"]!, "completed");
        var (failedNotification, failedDelivery) = await FailedWebhookAsync(client, endpointId);
        var after = DateTimeOffset.UtcNow.AddMilliseconds(1);

        var anns = await ItemsAsync(client, "to=ann@example.com");
        var failed = await ItemsAsync(client, "status=failed&channel=webhook");
        var all = await ItemsAsync(client, $"since={Uri.EscapeDataString(before.ToString("O"))}&until={Uri.EscapeDataString(after.ToString("O"))}");

        anns.Select(d => (string)d!["id"]!).ShouldBe([(string)ann["deliveries"]![0]!["id"]!]);
        anns[0]!["status"]!.ToString().ShouldBe("sent");
        anns[0]!["notificationId"]!.ToString().ShouldBe((string)ann["id"]!);
        failed.Select(d => (string)d!["id"]!).ShouldBe([failedDelivery]);
        failed[0]!["notificationId"]!.ToString().ShouldBe(failedNotification);
        failed[0]!["lastError"]!.ToString().ShouldContain("400");
        all.Count.ShouldBe(3);
        all[0]!["id"]!.ToString().ShouldBe(failedDelivery, "newest first");
        (await ItemsAsync(client, $"since={Uri.EscapeDataString(after.ToString("O"))}")).ShouldBeEmpty();
        (await ItemsAsync(client, $"until={Uri.EscapeDataString(before.ToString("O"))}")).ShouldBeEmpty();
        (await ItemsAsync(client, "status=delivered")).ShouldBeEmpty("statuses are open words: one no delivery has yet is no error");
    }

    [Fact]
    public async Task Pages_through_deliveries_with_a_cursor()
    {
        var client = service.Client();
        for (var i = 0; i < 3; i++)
        {
            await client.SendAsync(Requests.Email($"guest-{i}@example.com"));
        }

        var first = await client.GetJsonAsync("/v1/deliveries?limit=2");
        var second = await client.GetJsonAsync($"/v1/deliveries?limit=2&cursor={first["nextCursor"]}");

        first["items"]!.AsArray().Count.ShouldBe(2);
        second["items"]!.AsArray().Count.ShouldBe(1);
        second["nextCursor"].ShouldBeNull();
        second["items"]![0]!["to"]!.ToString().ShouldBe("guest-0@example.com");
    }

    [Fact]
    public async Task Refuses_a_filter_it_cannot_read_naming_the_field()
    {
        var response = await service.Client().GetAsync("/v1/deliveries?since=yesterday&channel=Email!");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        problem["errors"]!["since"].ShouldNotBeNull();
        problem["errors"]!["channel"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Answers_409_for_a_delivery_that_has_not_failed_and_404_for_an_unknown_one()
    {
        var client = service.Client();
        var sent = await client.SendAsync(Requests.Email());
        await client.WaitForStatusAsync((string)sent["id"]!, "completed");

        var conflict = await client.PostAsync($"/v1/deliveries/{sent["deliveries"]![0]!["id"]}/retry", null);
        var unknown = await client.PostAsync("/v1/deliveries/dlv_0198f7d1c0a27a4c9b3e2f1d0c9b8a76/retry", null);

        conflict.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        conflict.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await conflict.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.ToString().ShouldContain("sent");
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Retries_every_failed_delivery_matching_a_filter_and_reports_its_progress()
    {
        var client = service.Client();
        var (endpointId, _) = await client.CreateWebhookEndpointAsync(receiver.Url.ToString());
        var failed = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            failed.Add((await FailedWebhookAsync(client, endpointId)).DeliveryId);
        }
        var email = await client.SendAsync(Requests.Email());
        await client.WaitForStatusAsync((string)email["id"]!, "completed");

        var none = await client.PostAsJsonAsync("/v1/deliveries/retry", new { status = "failed", channel = "email" });
        var response = await client.PostAsJsonAsync("/v1/deliveries/retry", new { status = "failed", channel = "webhook", since = DateTimeOffset.UtcNow.AddHours(-1) });

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var accepted = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        accepted["retried"]!.GetValue<int>().ShouldBe(3);
        (await none.Content.ReadFromJsonAsync<JsonObject>())!["retried"]!.GetValue<int>().ShouldBe(0);
        var received = await receiver.WaitForRequestsAsync(6, TimeSpan.FromSeconds(15));
        received.Skip(3).Select(r => r.Headers["webhook-id"]).ShouldBe(failed, ignoreOrder: true);
        var progress = await Eventually.GetAsync(() => client.GetJsonAsync(response.Headers.Location!.ToString()), p => p["done"]!.GetValue<bool>(),
            what: "the replay to finish");
        progress["retried"]!.GetValue<int>().ShouldBe(3);
        progress["statuses"]!["sent"]!.GetValue<int>().ShouldBe(3);
        var again = await client.PostAsJsonAsync("/v1/deliveries/retry", new { channel = "webhook" });
        (await again.Content.ReadFromJsonAsync<JsonObject>())!["retried"]!.GetValue<int>().ShouldBe(0);
    }

    [Fact]
    public async Task Bulk_retry_needs_the_admin_scope_and_only_retries_failed_deliveries()
    {
        var admin = service.Client();
        var created = await admin.PostAsJsonAsync("/v1/api-keys", new { name = "booking", scopes = new[] { "send", "read" } });
        var sender = service.Client((string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["key"]!);

        (await sender.PostAsJsonAsync("/v1/deliveries/retry", new { channel = "webhook" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var wrong = await admin.PostAsJsonAsync("/v1/deliveries/retry", new { status = "sent" });
        wrong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await wrong.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["status"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Counts_deliveries_by_channel_and_status_and_shows_the_queue_depth()
    {
        var client = service.Client();
        var (endpointId, _) = await client.CreateWebhookEndpointAsync(receiver.Url.ToString());
        var email = await client.SendAsync(Requests.Email());
        await client.WaitForStatusAsync((string)email["id"]!, "completed");
        await FailedWebhookAsync(client, endpointId);
        var scheduled = Requests.Email("later@example.com");
        scheduled["sendAt"] = DateTimeOffset.UtcNow.AddDays(1);
        await client.SendAsync(scheduled);

        var stats = await client.GetJsonAsync("/v1/stats");

        stats["channels"]!["email"]!["sent"]!.GetValue<int>().ShouldBe(1);
        stats["channels"]!["email"]!["scheduled"]!.GetValue<int>().ShouldBe(1);
        stats["channels"]!["webhook"]!["failed"]!.GetValue<int>().ShouldBe(1);
        stats["queueDepth"]!["scheduled"]!.GetValue<int>().ShouldBe(1);
        var empty = await client.GetJsonAsync($"/v1/stats?since={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O"))}&until={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(2).ToString("O"))}");
        empty["channels"]!.AsObject().ShouldBeEmpty();
    }
}

public sealed class DeliveryApiOnSqlite() : DeliveryApiTests(Engine.Sqlite);

public sealed class DeliveryApiOnPostgres() : DeliveryApiTests(Engine.Postgres);
