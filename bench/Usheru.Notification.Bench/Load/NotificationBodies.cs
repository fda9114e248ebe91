using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Usheru.Notification.Bench.Load;

/// <summary>The <c>POST /v1/notifications</c> requests the benchmark sends: one recipient, inline Liquid content.</summary>
internal static class NotificationBodies
{
    public const string Email =
        """{"to":[{"email":"ann@example.com"}],"content":{"email":{"subject":"Tickets for {{ film }}","text":"Hi"}},"data":{"film":"Dune"}}""";

    public static string Webhook(string endpointId) =>
        """{"to":[{"webhook":"ENDPOINT"}],"content":{"webhook":{"payload":{"film":"{{ film }}"}}},"data":{"film":"Dune"}}"""
            .Replace("ENDPOINT", endpointId, StringComparison.Ordinal);

    public static HttpRequestMessage Post(Uri baseUrl, string body, string bearerToken) =>
        new(HttpMethod.Post, new Uri(baseUrl, "v1/notifications"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", bearerToken) },
        };

    /// <summary>The first delivery id in a 202 body.</summary>
    public static async Task<string> FirstDeliveryIdAsync(HttpResponseMessage accepted)
    {
        using var json = JsonDocument.Parse(await accepted.Content.ReadAsStreamAsync());
        return json.RootElement.GetProperty("deliveries")[0].GetProperty("id").GetString()
            ?? throw new InvalidOperationException("A 202 without a delivery id.");
    }
}
