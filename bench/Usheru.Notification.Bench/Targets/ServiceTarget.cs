using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Usheru.Notification.Bench.Processes;
using Usheru.Notification.Bench.Storage;

namespace Usheru.Notification.Bench.Targets;

/// <summary>The notification service's Release build, run as its own process against one database and the run's sinks.</summary>
internal static class ServiceTarget
{
    private static readonly HttpClient Control = new();
    private static readonly string[] SendScope = ["send"];

    /// <param name="settings">Environment variables over the run's own, e.g. <c>Delivery__Channels__email__RatePerSecond</c>.</param>
    public static Task<AppProcess> StartAsync(BenchContext context, IBenchEngine engine, string connectionString,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["Storage__Provider"] = engine.Provider,
            ["Storage__ConnectionString"] = connectionString,
            ["Auth__BootstrapKey"] = BenchContext.BootstrapKey,
            ["Email__Smtp__Host"] = "127.0.0.1",
            ["Email__Smtp__Port"] = context.Smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Email__Smtp__Security"] = "None",
            ["Webhooks__AllowPrivateNetworks"] = "true",
            // The limiter stays in the request path; only its budget is out of the way.
            ["RateLimiting__PermitsPerSecond"] = "1000000",
            ["RateLimiting__Burst"] = "1000000",
            ["Delivery__Concurrency"] = "64",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }
        return AppProcess.StartAsync($"service-{engine.Provider}", RepoPaths.ServiceDll, [], environment, context.RunDirectory);
    }

    /// <summary>Registers the run's webhook sink with the service and returns the endpoint id (<c>whe_…</c>).</summary>
    public static async Task<string> CreateWebhookEndpointAsync(AppProcess service, Uri url) =>
        (await CallAsync(service, HttpMethod.Post, "v1/webhook-endpoints", new { url })).GetProperty("id").GetString()
            ?? throw new InvalidOperationException("A webhook endpoint without an id.");

    /// <summary>A real API key (scope <c>send</c>) made with <c>POST /v1/api-keys</c>: its plaintext.</summary>
    public static async Task<string> CreateApiKeyAsync(AppProcess service) =>
        (await CallAsync(service, HttpMethod.Post, "v1/api-keys", new { name = "bench", scopes = SendScope })).GetProperty("key").GetString()
            ?? throw new InvalidOperationException("An API key without its plaintext.");

    /// <summary>One API call with the bootstrap key, for setting a measurement up; fails unless the answer is 2xx.</summary>
    public static async Task<JsonElement> CallAsync(AppProcess service, HttpMethod method, string path, object body)
    {
        using var request = new HttpRequestMessage(method, new Uri(service.BaseUrl, path))
        {
            Content = JsonContent.Create(body),
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", BenchContext.BootstrapKey) },
        };
        using var response = await Control.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        return json.RootElement.Clone();
    }
}
