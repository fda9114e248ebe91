using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Usheru.Notification.Api.Idempotency;
using Usheru.Notification.Api.Notifications;
using Usheru.Notification.Api.Storage;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Notifications;

public abstract class IdempotencyTests(Engine engine) : IDisposable
{
    private readonly TestService service = new(engine: engine);

    public void Dispose() => service.Dispose();

    private static HttpRequestMessage Send(JsonObject body, string key) => new(HttpMethod.Post, "/v1/notifications")
    {
        Content = JsonContent.Create(body),
        Headers = { { "Idempotency-Key", key } },
    };

    [Fact]
    public async Task Replays_the_first_response_for_a_repeated_idempotency_key_and_sends_once()
    {
        var client = service.Client();
        var first = await client.SendAsync(Send(Requests.Email(), "booking-B-991"));
        var firstBody = await first.Content.ReadAsStringAsync();

        var second = await client.SendAsync(Send(Requests.Email(), "booking-B-991"));

        second.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await second.Content.ReadAsStringAsync()).ShouldBe(firstBody);
        second.Headers.Location.ShouldBe(first.Headers.Location);
        var list = await client.GetJsonAsync("/v1/notifications");
        list["items"]!.AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public async Task Refuses_a_repeated_idempotency_key_with_a_different_body_with_422()
    {
        var client = service.Client();
        await client.SendAsync(Send(Requests.Email("ann@example.com"), "key-1"));

        var second = await client.SendAsync(Send(Requests.Email("bob@example.com"), "key-1"));

        second.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        second.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await client.GetJsonAsync("/v1/notifications"))["items"]!.AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public async Task Answers_409_while_the_first_request_with_the_key_is_still_running()
    {
        var client = service.Client();
        var body = Requests.Email();
        // The state a first request is in between taking the key and committing its work.
        var hash = RequestHashOf(body);
        await service.Service<IdempotencyStore>().BeginAsync("bootstrap", "key-in-flight", hash, CancellationToken.None);

        var response = await client.SendAsync(Send(body, "key-in-flight"));

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await client.GetJsonAsync("/v1/notifications"))["items"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Scopes_idempotency_keys_to_the_api_key()
    {
        var admin = service.Client();
        var created = await admin.PostAsJsonAsync("/v1/api-keys", new { name = "booking-service", scopes = new[] { "send", "read" } });
        var other = service.Client((string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["key"]!);

        var first = await admin.SendAsync(Send(Requests.Email(), "shared-key"));
        var second = await other.SendAsync(Send(Requests.Email(), "shared-key"));

        second.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await second.Content.ReadAsStringAsync()).ShouldNotBe(await first.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Rejects_an_idempotency_key_longer_than_255_characters()
    {
        var response = await service.Client().SendAsync(Send(Requests.Email(), new string('k', 256)));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    /// <summary>The hash the service computes for a body, so the test can hold the key as a running request would.</summary>
    private static string RequestHashOf(JsonObject body) =>
        NotificationRoutes.RequestHash(JsonSerializer.Deserialize<SendNotificationRequest>(body.ToJsonString(), StoredJson.Options)!);
}

public sealed class IdempotencyOnSqlite() : IdempotencyTests(Engine.Sqlite);

public sealed class IdempotencyOnPostgres() : IdempotencyTests(Engine.Postgres);
