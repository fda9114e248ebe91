using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.OpenApi;

/// <summary>
/// The served OpenAPI document against the running service: every operation is called with a valid
/// request and with invalid ones (no key, a malformed or non-JSON body, an unknown id, a bad field),
/// and every answer's status, headers, content type and body must be what the document declares.
/// An operation in the document that no call here reaches fails the test too.
/// </summary>
public sealed class DocumentConformanceTests : IAsyncLifetime
{
    private const string UnknownNotification = "ntf_00000000000000000000000000000000";
    private readonly HashSet<string> exercised = [];
    private readonly List<string> mismatches = [];
    private ServedDocument document = null!;

    /// <summary>Fed by an SNS stand-in, so that a bounce can list an address for deleteSuppression's 204.</summary>
    private SesFedService fed = null!;

    private TestService service => fed.Service;

    public async Task InitializeAsync() => fed = await SesFedService.StartAsync();

    public async Task DisposeAsync() => await fed.DisposeAsync();

    [Fact]
    public async Task Every_operation_answers_valid_and_invalid_calls_only_as_the_document_declares()
    {
        document = await ServedDocument.LoadAsync(service.Client(key: null));

        var reader = await CallsOnApiKeysAsync();
        await CallsOnWebhookEndpointsAsync();
        var token = await CallsOnRecipientsAsync();
        await CallsOnTemplatesTopicsAndWorkflowsAsync();
        var (sent, deliveryId) = await CallsOnNotificationsAsync(reader);
        await CallsOnDeliveriesAsync(sent, deliveryId);
        await CallsOnInboxAsync(token);
        await CallsToEndWithAsync(reader);

        mismatches.ShouldBeEmpty();
        document.Operations.Except(exercised).ShouldBeEmpty("operations in the document that this test does not call");
    }

    [Fact]
    public async Task Every_example_in_the_document_fits_its_schema()
    {
        document = await ServedDocument.LoadAsync(service.Client(key: null));
        var examples = 0;
        foreach (var operation in document.Root["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(m => m.Value!.AsObject())))
        {
            var bodies = (operation["responses"]?.AsObject().Select(r => r.Value?["content"]?["application/json"]) ?? [])
                .Append(operation["requestBody"]?["content"]?["application/json"]);
            foreach (var body in bodies.OfType<JsonObject>().Where(b => b["example"] is not null))
            {
                examples++;
                document.Validate(body["schema"]!, body["example"]).ShouldBeEmpty($"{operation["operationId"]}'s example");
            }
        }
        examples.ShouldBeGreaterThanOrEqualTo(6);
    }

    [Fact]
    public async Task Over_its_rate_limit_a_key_gets_the_declared_429_with_retry_after()
    {
        using var limited = new TestService(new Dictionary<string, string?> { ["RateLimiting:PermitsPerSecond"] = "1", ["RateLimiting:Burst"] = "1" });
        document = await ServedDocument.LoadAsync(limited.Client(key: null));
        using var client = limited.Client();

        // The bucket holds one call and refills one a second: calls in a row soon find it empty.
        var answers = new List<HttpResponseMessage>();
        for (var call = 0; call < 50 && answers.All(a => a.StatusCode != HttpStatusCode.TooManyRequests); call++)
        {
            answers.Add(await client.GetAsync("/v1/stats"));
        }

        var refused = answers.Last();
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await document.CheckAsync("GET", "/v1/stats", refused)).ShouldBeEmpty();
        refused.Headers.RetryAfter!.Delta!.Value.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1));
        answers.ForEach(a => a.Dispose());
    }

    private async Task<string> CallsOnApiKeysAsync()
    {
        var created = await ExerciseAsync("POST", "/v1/api-keys", "/v1/api-keys", """{ "name": "reader", "scopes": ["read"] }""", 201);
        await AnswerAsync("POST", "/v1/api-keys", "/v1/api-keys", """{ "name": "", "scopes": ["everything"] }""", 400);
        await ExerciseAsync("GET", "/v1/api-keys", "/v1/api-keys", null, 200);
        return (string)created!["key"]!;
    }

    private async Task CallsOnWebhookEndpointsAsync()
    {
        var endpoint = await ExerciseAsync("POST", "/v1/webhook-endpoints", "/v1/webhook-endpoints", """{ "url": "http://127.0.0.1:9/hook" }""", 201);
        await AnswerAsync("POST", "/v1/webhook-endpoints", "/v1/webhook-endpoints", """{ "url": "not a url" }""", 400);
        await ExerciseAsync("GET", "/v1/webhook-endpoints", "/v1/webhook-endpoints", null, 200);
        await AnswerAsync("GET", "/v1/webhook-endpoints", "/v1/webhook-endpoints?limit=0", null, 400);
        await ExerciseAsync("GET", "/v1/webhook-endpoints/{id}", $"/v1/webhook-endpoints/{endpoint!["id"]}", null, 200);
        await AnswerAsync("GET", "/v1/webhook-endpoints/{id}", "/v1/webhook-endpoints/whe_00000000000000000000000000000000", null, 404);
        await ExerciseAsync("DELETE", "/v1/webhook-endpoints/{id}", $"/v1/webhook-endpoints/{endpoint["id"]}", null, 204);
        await AnswerAsync("DELETE", "/v1/webhook-endpoints/{id}", $"/v1/webhook-endpoints/{endpoint["id"]}", null, 404);
        await ExerciseAsync("GET", "/v1/webpush/public-key", "/v1/webpush/public-key", null, 200);
    }

    /// <returns>A recipient token of ann's.</returns>
    private async Task<string> CallsOnRecipientsAsync()
    {
        var ann = ExampleRequest("PUT", "/v1/recipients/{id}");
        await ExerciseAsync("PUT", "/v1/recipients/{id}", "/v1/recipients/ann", ann, 201);
        await AnswerAsync("PUT", "/v1/recipients/{id}", "/v1/recipients/ann", ann, 200);
        await AnswerAsync("PUT", "/v1/recipients/{id}", "/v1/recipients/ann", """{ "email": "not an address" }""", 400);
        await ExerciseAsync("GET", "/v1/recipients/{id}", "/v1/recipients/ann", null, 200);
        await AnswerAsync("GET", "/v1/recipients/{id}", "/v1/recipients/nobody", null, 404);
        await ExerciseAsync("POST", "/v1/recipients/bulk", "/v1/recipients/bulk", """{ "recipients": [{ "id": "bob", "email": "bob@example.com" }] }""", 200);
        await AnswerAsync("POST", "/v1/recipients/bulk", "/v1/recipients/bulk", """{ "recipients": [{ "id": "carl", "email": "nope" }] }""", 400);

        var token = (string)(await ExerciseAsync("POST", "/v1/recipients/{id}/tokens", "/v1/recipients/ann/tokens", "{}", 201))!["token"]!;
        await AnswerAsync("POST", "/v1/recipients/{id}/tokens", "/v1/recipients/ann/tokens", """{ "expiresInSeconds": 1 }""", 400);
        await AnswerAsync("POST", "/v1/recipients/{id}/tokens", "/v1/recipients/nobody/tokens", "{}", 404);

        await ExerciseAsync("GET", "/v1/recipients/{id}/preferences", "/v1/recipients/ann/preferences", null, 200);
        await AnswerAsync("GET", "/v1/recipients/{id}/preferences", "/v1/recipients/ann/preferences", null, 200, key: token);
        await AnswerAsync("GET", "/v1/recipients/{id}/preferences", "/v1/recipients/bob/preferences", null, 403, key: token);
        await AnswerAsync("GET", "/v1/recipients/{id}/preferences", "/v1/recipients/nobody/preferences", null, 404);
        var preferences = """{ "channels": { "sms": false }, "categories": { "marketing": true } }""";
        await ExerciseAsync("PUT", "/v1/recipients/{id}/preferences", "/v1/recipients/ann/preferences", preferences, 200);
        await AnswerAsync("PUT", "/v1/recipients/{id}/preferences", "/v1/recipients/ann/preferences", """{ "channels": { "sms": "no" } }""", 400);
        await AnswerAsync("PUT", "/v1/recipients/{id}/preferences", "/v1/recipients/nobody/preferences", preferences, 404);

        using var browser = new BrowserPushSubscription("https://push.example.com/send/ann");
        var subscription = new JsonObject { ["endpoint"] = browser.Endpoint, ["keys"] = new JsonObject { ["p256dh"] = browser.P256dh, ["auth"] = browser.Auth } }.ToJsonString();
        await ExerciseAsync("POST", "/v1/recipients/{id}/push-subscriptions", "/v1/recipients/ann/push-subscriptions", subscription, 201);
        await AnswerAsync("POST", "/v1/recipients/{id}/push-subscriptions", "/v1/recipients/ann/push-subscriptions", """{ "endpoint": "not a url" }""", 400);
        await AnswerAsync("POST", "/v1/recipients/{id}/push-subscriptions", "/v1/recipients/nobody/push-subscriptions", subscription, 404);
        return token;
    }

    private async Task CallsOnTemplatesTopicsAndWorkflowsAsync()
    {
        await ExerciseAsync("PUT", "/v1/templates/{key}", "/v1/templates/tickets-on-sale", ExampleRequest("PUT", "/v1/templates/{key}"), 201);
        await AnswerAsync("PUT", "/v1/templates/{key}", "/v1/templates/tickets-on-sale", """{ "channels": {} }""", 400);
        await AnswerAsync("PUT", "/v1/templates/{key}", "/v1/templates/booking-confirmed", """{ "channels": { "email": { "subject": "Booked", "text": "See you at {{ film }}" } } }""", 201);
        await AnswerAsync("PUT", "/v1/templates/{key}", "/v1/templates/booking-reminder", """{ "channels": { "email": { "subject": "Tomorrow", "text": "{{ film }} is tomorrow" } } }""", 201);
        await AnswerAsync("PUT", "/v1/templates/{key}", "/v1/templates/booking-reminder", """{ "channels": { "email": { "subject": "Tomorrow!", "text": "{{ film }} is tomorrow" } } }""", 200);
        await ExerciseAsync("GET", "/v1/templates/{key}", "/v1/templates/tickets-on-sale", null, 200);
        await AnswerAsync("GET", "/v1/templates/{key}", "/v1/templates/no-such-template", null, 404);
        await ExerciseAsync("POST", "/v1/templates/{key}/preview", "/v1/templates/tickets-on-sale/preview", """{ "data": { "film": "Dune", "url": "https://usheru.com/dune" } }""", 200);
        await AnswerAsync("POST", "/v1/templates/{key}/preview", "/v1/templates/tickets-on-sale/preview", """{ "locale": "not a locale!" }""", 400);
        await AnswerAsync("POST", "/v1/templates/{key}/preview", "/v1/templates/no-such-template/preview", "{}", 404);

        await ExerciseAsync("PUT", "/v1/topics/{key}", "/v1/topics/films", """{ "name": "Films" }""", 201);
        await AnswerAsync("PUT", "/v1/topics/{key}", "/v1/topics/films", """{ "name": "All films" }""", 200);
        await AnswerAsync("PUT", "/v1/topics/{key}", "/v1/topics/no%20spaces", """{ "name": "Bad" }""", 400);
        await ExerciseAsync("POST", "/v1/topics/{key}/subscribers", "/v1/topics/films/subscribers", """{ "recipientIds": ["ann", "bob"] }""", 200);
        await AnswerAsync("POST", "/v1/topics/{key}/subscribers", "/v1/topics/films/subscribers", """{ "recipientIds": ["nobody"] }""", 400);
        await AnswerAsync("POST", "/v1/topics/{key}/subscribers", "/v1/topics/no-such-topic/subscribers", """{ "recipientIds": ["ann"] }""", 404);
        await ExerciseAsync("GET", "/v1/topics/{key}/subscribers", "/v1/topics/films/subscribers", null, 200);
        await AnswerAsync("GET", "/v1/topics/{key}/subscribers", "/v1/topics/films/subscribers?limit=0", null, 400);
        await AnswerAsync("GET", "/v1/topics/{key}/subscribers", "/v1/topics/no-such-topic/subscribers", null, 404);
        await ExerciseAsync("DELETE", "/v1/topics/{key}/subscribers/{recipientId}", "/v1/topics/films/subscribers/bob", null, 204);
        await AnswerAsync("DELETE", "/v1/topics/{key}/subscribers/{recipientId}", "/v1/topics/films/subscribers/bob", null, 404);

        await ExerciseAsync("PUT", "/v1/workflows/{key}", "/v1/workflows/booking-reminder", ExampleRequest("PUT", "/v1/workflows/{key}"), 201);
        await AnswerAsync("PUT", "/v1/workflows/{key}", "/v1/workflows/booking-reminder", ExampleRequest("PUT", "/v1/workflows/{key}"), 200);
        await AnswerAsync("PUT", "/v1/workflows/{key}", "/v1/workflows/booking-reminder", """{ "steps": [{ "id": "x", "type": "teleport" }] }""", 400);
        await ExerciseAsync("GET", "/v1/workflows/{key}", "/v1/workflows/booking-reminder", null, 200);
        await AnswerAsync("GET", "/v1/workflows/{key}", "/v1/workflows/no-such-workflow", null, 404);
        await ExerciseAsync("GET", "/v1/workflows", "/v1/workflows", null, 200);
        await AnswerAsync("GET", "/v1/workflows", "/v1/workflows?cursor=%25%25", null, 400);
    }

    /// <returns>The id of a notification whose email was sent, and that delivery's id.</returns>
    private async Task<(string Notification, string Delivery)> CallsOnNotificationsAsync(string reader)
    {
        var send = ExampleRequest("POST", "/v1/notifications");
        var accepted = await ExerciseAsync("POST", "/v1/notifications", "/v1/notifications", send, 202);
        var id = (string)accepted!["id"]!;
        await AnswerAsync("POST", "/v1/notifications", "/v1/notifications", """{ "to": [] }""", 400);
        await AnswerAsync("POST", "/v1/notifications", "/v1/notifications", send, 403, key: reader);
        await AnswerAsync("POST", "/v1/notifications", "/v1/notifications", $$"""{ "to": [{ "email": "ann@example.com" }], "content": { "sms": { "text": "{{new string('x', 300 * 1024)}}" } } }""", 413);
        await AnswerAsync("POST", "/v1/notifications", "/v1/notifications", send, 202, idempotencyKey: "booking-B-991");
        await AnswerAsync("POST", "/v1/notifications", "/v1/notifications", send, 202, idempotencyKey: "booking-B-991");
        await AnswerAsync("POST", "/v1/notifications", "/v1/notifications", """{ "to": [{ "email": "bob@example.com" }], "template": "tickets-on-sale" }""", 422, idempotencyKey: "booking-B-991");
        await AnswerAsync("POST", "/v1/notifications", "/v1/notifications",
            """{ "to": [{ "recipientId": "ann" }], "workflow": "booking-reminder", "cancellationKey": "booking-B-991", "data": { "film": "Dune" } }""", 202);
        await AnswerAsync("POST", "/v1/notifications", "/v1/notifications",
            """{ "to": [{ "recipientId": "ann" }], "channels": ["inbox"], "content": { "inbox": { "title": "Dune", "body": "Tickets are on sale" } } }""", 202);
        var later = await AnswerAsync("POST", "/v1/notifications", "/v1/notifications",
            """{ "to": [{ "email": "ann@example.com" }], "template": "tickets-on-sale", "sendAt": "2099-01-01T09:00:00Z" }""", 202);

        var client = service.Client();
        var sent = await client.WaitForStatusAsync(id, "completed");
        await ExerciseAsync("GET", "/v1/notifications/{id}", $"/v1/notifications/{id}", null, 200);
        await AnswerAsync("GET", "/v1/notifications/{id}", UnknownNotification.Insert(0, "/v1/notifications/"), null, 404);
        await ExerciseAsync("GET", "/v1/notifications", "/v1/notifications?status=completed", null, 200);
        await AnswerAsync("GET", "/v1/notifications", "/v1/notifications?limit=abc", null, 400);
        await ExerciseAsync("GET", "/v1/notifications/{id}/deliveries", $"/v1/notifications/{id}/deliveries", null, 200);
        await AnswerAsync("GET", "/v1/notifications/{id}/deliveries", $"/v1/notifications/{UnknownNotification}/deliveries", null, 404);
        await ExerciseAsync("GET", "/v1/notifications/{id}/runs", $"/v1/notifications/{id}/runs", null, 200);
        await AnswerAsync("GET", "/v1/notifications/{id}/runs", $"/v1/notifications/{UnknownNotification}/runs", null, 404);
        await ExerciseAsync("POST", "/v1/notifications/{id}/cancel", $"/v1/notifications/{later!["id"]}/cancel", null, 200);
        await AnswerAsync("POST", "/v1/notifications/{id}/cancel", $"/v1/notifications/{id}/cancel", null, 409);
        await AnswerAsync("POST", "/v1/notifications/{id}/cancel", $"/v1/notifications/{UnknownNotification}/cancel", null, 404);

        await ExerciseAsync("POST", "/v1/workflows/{key}/cancel", "/v1/workflows/booking-reminder/cancel", """{ "cancellationKey": "booking-B-991" }""", 200);
        await AnswerAsync("POST", "/v1/workflows/{key}/cancel", "/v1/workflows/booking-reminder/cancel", "{}", 400);
        await AnswerAsync("POST", "/v1/workflows/{key}/cancel", "/v1/workflows/no-such-workflow/cancel", """{ "cancellationKey": "booking-B-991" }""", 404);
        return (id, (string)sent["deliveries"]![0]!["id"]!);
    }

    private async Task CallsOnDeliveriesAsync(string notification, string delivery)
    {
        await ExerciseAsync("GET", "/v1/deliveries", $"/v1/deliveries?channel=email", null, 200);
        await AnswerAsync("GET", "/v1/deliveries", "/v1/deliveries?since=yesterday", null, 400);
        await ExerciseAsync("GET", "/v1/deliveries/{id}", $"/v1/deliveries/{delivery}", null, 200);
        await AnswerAsync("GET", "/v1/deliveries/{id}", "/v1/deliveries/dlv_00000000000000000000000000000000", null, 404);
        await ExerciseAsync("POST", "/v1/deliveries/{id}/retry", $"/v1/deliveries/{delivery}/retry", null, 409);
        await AnswerAsync("POST", "/v1/deliveries/{id}/retry", "/v1/deliveries/dlv_00000000000000000000000000000000/retry", null, 404);
        await AnswerAsync("POST", "/v1/deliveries/{id}/retry", $"/v1/deliveries/{await FailedDeliveryAsync()}/retry", null, 200);
        var retry = await ExerciseAsync("POST", "/v1/deliveries/retry", "/v1/deliveries/retry", """{ "channel": "email" }""", 202);
        await AnswerAsync("POST", "/v1/deliveries/retry", "/v1/deliveries/retry", """{ "status": "sent" }""", 400);
        await ExerciseAsync("GET", "/v1/deliveries/retries/{id}", $"/v1/deliveries/retries/{retry!["id"]}", null, 200);
        await AnswerAsync("GET", "/v1/deliveries/retries/{id}", "/v1/deliveries/retries/rty_00000000000000000000000000000000", null, 404);
        await ExerciseAsync("GET", "/v1/stats", "/v1/stats", null, 200);
        await AnswerAsync("GET", "/v1/stats", "/v1/stats?since=yesterday", null, 400);
        await ExerciseAsync("GET", "/v1/suppressions", "/v1/suppressions", null, 200);
        await AnswerAsync("GET", "/v1/suppressions", "/v1/suppressions?limit=0", null, 400);
        await ExerciseAsync("DELETE", "/v1/suppressions/{address}", "/v1/suppressions/ann%40example.com", null, 404);
        await fed.BounceAsync("carl@example.com");
        await AnswerAsync("DELETE", "/v1/suppressions/{address}", "/v1/suppressions/carl%40example.com", null, 204);
        notification.ShouldStartWith("ntf_");
    }

    /// <summary>A webhook delivery that the receiver refused for good (400): one a retry applies to.</summary>
    private async Task<string> FailedDeliveryAsync()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var client = service.Client();
        var (endpointId, _) = await client.CreateWebhookEndpointAsync(receiver.Url.ToString());
        receiver.AnswerNext(400);
        var accepted = await client.SendAsync(Requests.Webhook(endpointId));
        await client.WaitForStatusAsync((string)accepted["id"]!, "failed");
        return (string)accepted["deliveries"]![0]!["id"]!;
    }

    private async Task CallsOnInboxAsync(string token)
    {
        var inbox = await Eventually.GetAsync(() => service.Client().GetJsonAsync("/v1/recipients/ann/inbox"), page => page["items"]!.AsArray().Count > 0,
            what: "ann's inbox item");
        await ExerciseAsync("GET", "/v1/recipients/{id}/inbox", "/v1/recipients/ann/inbox", null, 200);
        await AnswerAsync("GET", "/v1/recipients/{id}/inbox", $"/v1/recipients/ann/inbox?unread=true&token={token}", null, 200, key: null);
        await AnswerAsync("GET", "/v1/recipients/{id}/inbox", "/v1/recipients/ann/inbox?limit=0", null, 400);
        await AnswerAsync("GET", "/v1/recipients/{id}/inbox", "/v1/recipients/bad!id/inbox", null, 404);
        var item = (string)inbox["items"]![0]!["id"]!;
        await ExerciseAsync("POST", "/v1/recipients/{id}/inbox/{itemId}/read", $"/v1/recipients/ann/inbox/{item}/read", null, 200);
        await AnswerAsync("POST", "/v1/recipients/{id}/inbox/{itemId}/read", "/v1/recipients/ann/inbox/inb_00000000000000000000000000000000/read", null, 404);
        await ExerciseAsync("GET", "/v1/recipients/{id}/inbox/stream", "/v1/recipients/ann/inbox/stream", null, 200);
        await AnswerAsync("GET", "/v1/recipients/{id}/inbox/stream", "/v1/recipients/nobody/inbox/stream", null, 404);
    }

    private async Task CallsToEndWithAsync(string reader)
    {
        await ExerciseAsync("DELETE", "/v1/recipients/{id}", "/v1/recipients/bob", null, 204);
        await AnswerAsync("DELETE", "/v1/recipients/{id}", "/v1/recipients/bob", null, 404);
        var keys = await service.Client().GetJsonAsync("/v1/api-keys");
        var readerId = (string)keys["items"]!.AsArray().Single(k => (string)k!["name"]! == "reader")!["id"]!;
        await AnswerAsync("GET", "/v1/api-keys", "/v1/api-keys", null, 403, key: reader);
        await ExerciseAsync("DELETE", "/v1/api-keys/{id}", $"/v1/api-keys/{readerId}", null, 204);
        await AnswerAsync("DELETE", "/v1/api-keys/{id}", $"/v1/api-keys/{readerId}", null, 404);
    }

    /// <summary>
    /// The valid call, after the invalid calls every operation can get: no API key (401) and, for an
    /// operation with a JSON body, a malformed body (400) and a body that is not JSON (415).
    /// </summary>
    private async Task<JsonNode?> ExerciseAsync(string method, string template, string path, string? body, int expected)
    {
        await AnswerAsync(method, template, path, body, 401, key: null);
        if (document.Operation(method, template)["requestBody"] is not null)
        {
            await AnswerAsync(method, template, path, """{ "to": """, 400);
            await AnswerAsync(method, template, path, body ?? "{}", 415, contentType: "text/plain");
        }
        return await AnswerAsync(method, template, path, body, expected);
    }

    /// <summary>One call: its status must be <paramref name="expected"/>, and the answer what the document declares.</summary>
    private async Task<JsonNode?> AnswerAsync(string method, string template, string path, string? body, int expected,
        string? key = TestService.BootstrapKey, string contentType = "application/json", string? idempotencyKey = null)
    {
        exercised.Add(ServedDocument.Key(method, template));
        using var client = service.Client(key);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue(contentType));
        }
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var call = $"{method} {path} ({(key is null ? "no key" : "with key")}{(contentType == "application/json" ? "" : $", {contentType}")})";
        if ((int)response.StatusCode != expected)
        {
            // The calls after this one build on it: stop here, saying what went wrong so far.
            mismatches.Add($"{call}: expected {expected}, got {(int)response.StatusCode} {await ReadAsync(response)}");
            mismatches.ShouldBeEmpty();
        }
        if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            // A stream never ends: its status, headers and content type are checked, not its events.
            var streamed = await document.CheckAsync(method, template, new HttpResponseMessage(response.StatusCode)
            {
                Content = new ByteArrayContent([]) { Headers = { ContentType = response.Content.Headers.ContentType } },
            });
            mismatches.AddRange(streamed.Where(p => !p.Contains("a body", StringComparison.Ordinal)).Select(p => $"{call}: {p}"));
            return null;
        }
        mismatches.AddRange((await document.CheckAsync(method, template, response)).Select(p => $"{call}: {p}"));
        var text = await response.Content.ReadAsStringAsync();
        return response.Content.Headers.ContentType?.MediaType?.EndsWith("json", StringComparison.Ordinal) == true && text.Length > 0 ? JsonNode.Parse(text) : null;
    }

    private static async Task<string> ReadAsync(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType == "text/event-stream" ? "(an event stream)" : await response.Content.ReadAsStringAsync();

    private string ExampleRequest(string method, string template) =>
        document.Operation(method, template)["requestBody"]!["content"]!["application/json"]!["example"]!.ToJsonString();
}
