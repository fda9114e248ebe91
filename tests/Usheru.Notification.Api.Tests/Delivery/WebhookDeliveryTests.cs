using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Delivery;

public abstract class WebhookDeliveryTests(Engine engine) : IAsyncLifetime
{
    private readonly TestService service = new(engine: engine);
    private WebhookReceiver receiver = null!;

    public async Task InitializeAsync() => receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        await receiver.DisposeAsync();
        service.Dispose();
    }

    [Fact]
    public async Task Delivers_a_signed_body_that_an_independent_verifier_accepts()
    {
        var client = service.Client();
        var (endpointId, secret) = await client.CreateWebhookEndpointAsync(receiver.Url.ToString());
        var body = Requests.Webhook(endpointId);
        body["metadata"] = new JsonObject { ["bookingId"] = "B-991" };

        var accepted = await client.SendAsync(body);
        var request = (await receiver.WaitForRequestsAsync(1, TimeSpan.FromSeconds(10)))[0];

        request.ShouldBeSignedWith(secret);
        var id = request.Headers["webhook-id"];
        long.Parse(request.Headers["webhook-timestamp"]).ShouldBeInRange(DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());

        var json = JsonNode.Parse(request.BodyText)!;
        json["type"]!.ToString().ShouldBe("notification");
        json["notificationId"]!.ToString().ShouldBe(accepted["id"]!.ToString());
        json["deliveryId"]!.ToString().ShouldBe(id);
        json["payload"]!["film"]!.ToString().ShouldBe("Dune: Part Three");
        json["metadata"]!["bookingId"]!.ToString().ShouldBe("B-991");
        await client.WaitForStatusAsync((string)accepted["id"]!, "completed");
    }

    [Fact]
    public async Task Disables_an_endpoint_that_answers_410_and_fails_the_delivery_for_good()
    {
        var client = service.Client();
        var (endpointId, _) = await client.CreateWebhookEndpointAsync(receiver.Url.ToString());
        receiver.AnswerNext(410);

        var accepted = await client.SendAsync(Requests.Webhook(endpointId));

        var failed = await client.WaitForStatusAsync((string)accepted["id"]!, "failed");
        failed["deliveries"]![0]!["lastError"]!.ToString().ShouldContain("410");
        (await client.GetJsonAsync($"/v1/webhook-endpoints/{endpointId}"))["disabledAt"].ShouldNotBeNull();
        var again = await client.PostAsJsonAsync("/v1/notifications", Requests.Webhook(endpointId));
        ((int)again.StatusCode).ShouldBe(400);
    }

    [Fact]
    public async Task Does_not_follow_a_redirect()
    {
        await using var elsewhere = await WebhookReceiver.StartAsync();
        var client = service.Client();
        var (endpointId, _) = await client.CreateWebhookEndpointAsync(receiver.Url.ToString());
        receiver.AnswerNext(307, ("Location", elsewhere.Url.ToString()));

        var accepted = await client.SendAsync(Requests.Webhook(endpointId));

        await client.WaitForStatusAsync((string)accepted["id"]!, "failed");
        elsewhere.Requests.ShouldBeEmpty();
    }
}

public sealed class WebhookDeliveryOnSqlite() : WebhookDeliveryTests(Engine.Sqlite);

public sealed class WebhookDeliveryOnPostgres() : WebhookDeliveryTests(Engine.Postgres);
