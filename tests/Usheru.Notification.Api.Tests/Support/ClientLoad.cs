using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Usheru.Notification.Api.Tests.Support;

/// <summary>
/// Clients that keep sending email notifications, one request after another, until stopped. Every
/// POST carries an Idempotency-Key of its own, so a load balancer may safely send it twice. Keeps
/// what each request got back: the record a test judges availability by.
/// <code>
/// var load = ClientLoad.Start(nginx.Http, clients: 4);
/// await load.WaitForAcceptedAsync(50, timeout);     // 50 more 202s from now
/// var responses = await load.StopAsync();
/// </code>
/// </summary>
internal sealed class ClientLoad
{
    private readonly HttpClient _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<ClientResponse> _responses = [];
    private readonly Task _clients;
    private int _sent;

    private ClientLoad(HttpClient client, int clients)
    {
        _client = client;
        _clients = Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(SendUntilStoppedAsync)));
    }

    public static ClientLoad Start(HttpClient client, int clients) => new(client, clients);

    /// <summary>Waits until <paramref name="more"/> requests beyond those accepted so far are answered 202.</summary>
    public async Task WaitForAcceptedAsync(int more, TimeSpan timeout)
    {
        var target = Accepted() + more;
        await Eventually.GetAsync(() => Task.FromResult(Accepted()), accepted => accepted >= target, timeout, $"{target} requests to be accepted");
    }

    /// <summary>Stops sending, waits for the requests under way, and returns every response in order of arrival.</summary>
    public async Task<IReadOnlyList<ClientResponse>> StopAsync()
    {
        await _stop.CancelAsync();
        await _clients;
        _stop.Dispose();
        lock (_responses)
            return [.. _responses];
    }

    private int Accepted()
    {
        lock (_responses)
            return _responses.Count(r => r.Status == 202);
    }

    private async Task SendUntilStoppedAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var n = Interlocked.Increment(ref _sent);
            var response = await SendAsync(n);
            lock (_responses)
                _responses.Add(response);
        }
    }

    private async Task<ClientResponse> SendAsync(int n)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/notifications")
        {
            Content = JsonContent.Create(Requests.Email($"guest-{n}@example.com")),
        };
        request.Headers.Add("Idempotency-Key", string.Create(CultureInfo.InvariantCulture, $"load-{n}"));
        try
        {
            // Not cancelled by the stop: a request under way is answered, as a real client's would be.
            using var response = await _client.SendAsync(request, CancellationToken.None);
            var body = await response.Content.ReadAsStringAsync();
            return new ClientResponse((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType,
                response.Headers.Contains("Idempotent-Replayed"), body);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return new ClientResponse(0, null, false, e.Message);
        }
    }
}

/// <summary>What one client request got: a status (0 when no response came at all), the body's media type and the body.</summary>
internal sealed record ClientResponse(int Status, string? MediaType, bool Replayed, string Body)
{
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();

    /// <summary>Responses by status for a test's output: <c>812 × 202 (3 replayed), 14 × 503</c>.</summary>
    public static string Describe(IEnumerable<ClientResponse> responses) =>
        string.Join(", ", responses.GroupBy(r => r.Status).OrderBy(g => g.Key).Select(g =>
            $"{g.Count()} × {(g.Key == 0 ? "no response" : g.Key.ToString(CultureInfo.InvariantCulture))}" +
            (g.Any(r => r.Replayed) ? $" ({g.Count(r => r.Replayed)} replayed)" : "")));
}
