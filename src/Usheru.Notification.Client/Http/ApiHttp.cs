using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Usheru.Notification.Client.Http;

/// <summary>JSON requests to the API: every answer other than 2xx becomes a <see cref="NotificationApiException"/>.</summary>
internal static class ApiHttp
{
    public static HttpRequestMessage Request(HttpMethod method, string path, object? body) => new(method, path)
    {
        Content = body is null ? null : JsonContent.Create(body, body.GetType(), options: Json.Options),
    };

    public static Task<T> SendAsync<T>(this HttpClient http, HttpMethod method, string path, object? body, CancellationToken cancellationToken) =>
        http.SendAsync<T>(Request(method, path, body), cancellationToken);

    /// <summary>Sends <paramref name="request"/> (and disposes it) and returns the answer's body.</summary>
    public static async Task<T> SendAsync<T>(this HttpClient http, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            return await ReadAsync<T>(response, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A request whose answer has no body worth reading (204, or a 2xx the contract does not describe).</summary>
    public static async Task SendAsync(this HttpClient http, HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = Request(method, path, body);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
    }

    public static Task<T> GetAsync<T>(this HttpClient http, string path, CancellationToken cancellationToken) =>
        http.SendAsync<T>(HttpMethod.Get, path, null, cancellationToken);

    /// <summary>A GET of one thing: null for 404, where "there is none" is an answer rather than an error.</summary>
    public static async Task<T?> FindAsync<T>(this HttpClient http, string path, CancellationToken cancellationToken) where T : class
    {
        using var request = Request(HttpMethod.Get, path, null);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ReadAsync<T>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every item of a cursor-paged list, a page at a time.</summary>
    public static async IAsyncEnumerable<T> AllPagesAsync<T>(Func<string?, CancellationToken, Task<Page<T>>> page,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? cursor = null;
        do
        {
            var current = await page(cursor, cancellationToken).ConfigureAwait(false);
            foreach (var item in current.Items)
            {
                yield return item;
            }
            cursor = current.NextCursor;
        }
        while (cursor is not null);
    }

    public static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await NotificationApiException.FromResponseAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<T>(Json.Options, cancellationToken).ConfigureAwait(false)
            ?? throw new JsonException($"The notification service answered {(int)response.StatusCode} with an empty body where a {typeof(T).Name} was expected.");
    }
}
