using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Delivery;

/// <summary>Replaying one failed delivery, under a fake clock so its retry schedule is observed, never slept through.</summary>
public abstract class DeliveryRetryTests(Engine engine) : IAsyncLifetime
{
    private readonly TestService service = new(new Dictionary<string, string?> { ["Delivery:MaxAttempts"] = "2" }, new FakeTimeProvider(DateTimeOffset.UtcNow), engine);
    private WebhookReceiver receiver = null!;

    private FakeTimeProvider Clock => (FakeTimeProvider)service.Service<TimeProvider>();

    public async Task InitializeAsync() => receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        await receiver.DisposeAsync();
        service.Dispose();
    }

    private static async Task<JsonNode> DeliveryAsync(HttpClient client, string id, string status, int attempts) =>
        await Eventually.GetAsync(() => client.GetJsonAsync($"/v1/deliveries/{id}"),
            d => (string?)d["status"] == status && d["attempts"]!.GetValue<int>() == attempts, what: $"delivery to be {status} after {attempts} attempts");

    private async Task AdvanceToNextAttemptAsync(HttpClient client, string id, int attempts)
    {
        var retrying = await DeliveryAsync(client, id, "retrying", attempts);
        Clock.Advance(DateTimeOffset.Parse((string)retrying["nextAttemptAt"]!) - Clock.GetUtcNow() + TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task Queues_a_failed_delivery_again_under_its_own_id_with_a_fresh_attempt_budget()
    {
        var client = service.Client();
        var (endpointId, secret) = await client.CreateWebhookEndpointAsync(receiver.Url.ToString());
        receiver.AnswerNext(503);
        receiver.AnswerNext(503);
        var accepted = await client.SendAsync(Requests.Webhook(endpointId));
        var id = (string)accepted["deliveries"]![0]!["id"]!;
        await AdvanceToNextAttemptAsync(client, id, 1);
        await DeliveryAsync(client, id, "failed", 2);
        await client.WaitForStatusAsync((string)accepted["id"]!, "failed");

        // The receiver is still down for one more attempt: with the old budget spent, that would fail it for good.
        receiver.AnswerNext(503);
        var response = await client.PostAsync($"/v1/deliveries/{id}/retry", null);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var retried = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        retried["id"]!.ToString().ShouldBe(id);
        retried["attempts"]!.GetValue<int>().ShouldBe(0);
        await AdvanceToNextAttemptAsync(client, id, 1);
        await DeliveryAsync(client, id, "sent", 2);
        var completed = await client.WaitForStatusAsync((string)accepted["id"]!, "completed");
        completed["deliveries"]![0]!["status"]!.ToString().ShouldBe("sent");
        var requests = await receiver.WaitForRequestsAsync(4, TimeSpan.FromSeconds(5));
        requests.Select(r => r.Headers["webhook-id"]).Distinct().ShouldBe([id]);
        requests[^1].ShouldBeSignedWith(secret);
        (await client.PostAsync($"/v1/deliveries/{id}/retry", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }
}

public sealed class DeliveryRetryOnSqlite() : DeliveryRetryTests(Engine.Sqlite);

public sealed class DeliveryRetryOnPostgres() : DeliveryRetryTests(Engine.Postgres);
