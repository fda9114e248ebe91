using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Usheru.Notification.Api.Tests.Support;

/// <summary>The calls most tests make, in the shapes API.md documents.</summary>
public static class Requests
{
    public static JsonObject Email(string to = "ann@example.com", string subject = "Tickets for {{ film }}", string text = "Hello {{ recipient.name }}", string? html = null) => new()
    {
        ["to"] = new JsonArray(new JsonObject { ["email"] = to, ["name"] = "Ann" }),
        ["content"] = new JsonObject { ["email"] = new JsonObject { ["subject"] = subject, ["text"] = text, ["html"] = html } },
        ["data"] = new JsonObject { ["film"] = "Dune: Part Three" },
    };

    /// <summary>One email notification in <paramref name="category"/> to <paramref name="count"/> addresses, <c>{prefix}-{n}@example.com</c>.</summary>
    public static JsonObject Emails(int count, string category, string prefix = "fan")
    {
        var body = Email($"{prefix}-0@example.com");
        var to = body["to"]!.AsArray();
        for (var n = 1; n < count; n++)
            to.Add(new JsonObject { ["email"] = $"{prefix}-{n}@example.com" });
        body["category"] = category;
        return body;
    }

    /// <summary>The ids of the deliveries in a 202 body.</summary>
    public static IReadOnlyList<string> DeliveryIds(this JsonObject accepted) =>
        [.. accepted["deliveries"]!.AsArray().Select(d => (string)d!["id"]!)];

    public static JsonObject Webhook(string endpointId, JsonNode? payload = null) => new()
    {
        ["to"] = new JsonArray(new JsonObject { ["webhook"] = endpointId }),
        ["content"] = new JsonObject { ["webhook"] = new JsonObject { ["payload"] = payload ?? new JsonObject { ["film"] = "{{ film }}" } } },
        ["data"] = new JsonObject { ["film"] = "Dune: Part Three" },
    };

    public static async Task<JsonObject> SendAsync(this HttpClient client, JsonObject body)
    {
        var response = await client.PostAsJsonAsync("/v1/notifications", body);
        var json = await response.Content.ReadFromJsonAsync<JsonObject>();
        if ((int)response.StatusCode != 202)
        {
            throw new InvalidOperationException($"Expected 202, got {(int)response.StatusCode}: {json}");
        }
        return json!;
    }

    public static async Task<JsonObject> GetJsonAsync(this HttpClient client, string path) =>
        (await client.GetFromJsonAsync<JsonObject>(path))!;

    public static Task<JsonObject> NotificationAsync(this HttpClient client, string id) => client.GetJsonAsync($"/v1/notifications/{id}");

    /// <summary>Waits until the notification reaches <paramref name="status"/>.</summary>
    public static Task<JsonObject> WaitForStatusAsync(this HttpClient client, string id, string status, TimeSpan? timeout = null) =>
        Eventually.GetAsync(() => client.NotificationAsync(id), n => (string?)n["status"] == status, timeout, $"notification {id} to be {status}");

    public static async Task<(string Id, string Secret)> CreateWebhookEndpointAsync(this HttpClient client, string url, params string[] events)
    {
        var response = await client.PostAsJsonAsync("/v1/webhook-endpoints", new { url, description = "test receiver", events });
        var json = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return ((string)json["id"]!, (string)json["secret"]!);
    }
}
