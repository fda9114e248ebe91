using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Usheru.Notification.Api.Tests.Support;

/// <summary>
/// A push service (RFC 8030) on 127.0.0.1 (Kestrel) that checks requests as Firefox's and Chrome's
/// do: a <c>TTL</c>, the <c>aes128gcm</c> content coding, a valid VAPID token for its own origin
/// (401 without one, 403 with a bad one or one from a key the subscription is not restricted to).
/// It decrypts each message with the subscription's private key, records it and answers 201.
/// <code>
/// await using var pushService = await PushServiceStandIn.StartAsync();
/// var browser = pushService.Subscribe(vapidPublicKey);   // store browser.Endpoint, P256dh, Auth
/// pushService.AnswerNext(429, ("Retry-After", "60"));
/// var pushes = await pushService.WaitForMessagesAsync(1, TimeSpan.FromSeconds(10));
/// </code>
/// </summary>
public sealed class PushServiceStandIn : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, BrowserPushSubscription> _subscriptions = new();
    private readonly ConcurrentDictionary<string, bool> _unsubscribed = new();
    private readonly ConcurrentQueue<WebhookAnswer> _answers = new();
    private readonly ConcurrentQueue<string> _rejections = new();
    private readonly ReceivedLog<ReceivedPush> _messages = new("push messages");
    private LoopbackServer _server = null!;

    private PushServiceStandIn()
    {
    }

    /// <summary>The service's origin, <c>http://127.0.0.1:{port}</c>: the <c>aud</c> VAPID tokens must name.</summary>
    public string Origin => _server.Origin;

    /// <summary>The messages accepted so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedPush> Messages => _messages.Snapshot();

    /// <summary>Why requests were refused: what a failing test wants to see.</summary>
    public IReadOnlyList<string> Rejections => [.. _rejections];

    public static async Task<PushServiceStandIn> StartAsync()
    {
        var service = new PushServiceStandIn();
        service._server = await LoopbackServer.StartAsync(service.HandleAsync);
        return service;
    }

    /// <summary>What <c>PushManager.subscribe()</c> gets a browser: a new endpoint here and fresh keys.</summary>
    /// <param name="applicationServerKey">The VAPID public key to restrict the subscription to (what browsers require).</param>
    public BrowserPushSubscription Subscribe(string? applicationServerKey = null)
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        var subscription = new BrowserPushSubscription($"{Origin}/push/{token}", applicationServerKey);
        _subscriptions[token] = subscription;
        return subscription;
    }

    /// <summary>The browser unsubscribed: messages for it are answered 410 Gone from now on.</summary>
    public void Unsubscribe(BrowserPushSubscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        _unsubscribed[subscription.Endpoint[(subscription.Endpoint.LastIndexOf('/') + 1)..]] = true;
    }

    /// <summary>Answers the next valid message with this status and headers instead of accepting it.</summary>
    public void AnswerNext(int status, params (string Name, string Value)[] headers) =>
        _answers.Enqueue(new WebhookAnswer(status, headers));

    /// <summary>Completes once <paramref name="count"/> messages have been accepted.</summary>
    /// <exception cref="TimeoutException">Fewer arrived within <paramref name="timeout"/>.</exception>
    public Task<IReadOnlyList<ReceivedPush>> WaitForMessagesAsync(int count, TimeSpan timeout) =>
        _messages.WaitForAsync(count, timeout);

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        foreach (var subscription in _subscriptions.Values)
            subscription.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var token = request.Path.StartsWithSegments("/push", out var rest) ? rest.Value!.TrimStart('/') : "";
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, context.RequestAborted);
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);

        var (status, problem, vapid) = Check(request.Method, token, headers);
        string? payload = null;
        if (problem is null)
        {
            if (_answers.TryDequeue(out var answer))
            {
                context.Response.StatusCode = answer.Status;
                foreach (var (name, value) in answer.Headers)
                    context.Response.Headers.Append(name, value);
                return;
            }
            payload = Decrypt(token, body.ToArray());
            if (payload is null)
                (status, problem) = (400, "payload does not decrypt with the subscription's keys");
        }
        if (problem is not null)
        {
            _rejections.Enqueue($"{status}: {problem}");
            context.Response.StatusCode = status;
            return;
        }
        _messages.Add(new ReceivedPush(_subscriptions[token], headers, vapid!.Claims!, vapid.PublicKey!, payload!));
        context.Response.Headers.Location = $"{Origin}/message/{Guid.NewGuid():N}";
        context.Response.StatusCode = StatusCodes.Status201Created;
    }

    private (int Status, string? Problem, VapidCheck? Vapid) Check(string method, string token, Dictionary<string, string> headers)
    {
        if (method != HttpMethods.Post || !_subscriptions.TryGetValue(token, out var subscription))
            return (404, "no such subscription", null);
        if (_unsubscribed.ContainsKey(token))
            return (410, "unsubscribed", null);
        if (!headers.TryGetValue("TTL", out var ttl) || !int.TryParse(ttl, out var seconds) || seconds < 0)
            return (400, "no TTL", null);
        if (!headers.TryGetValue("Content-Encoding", out var coding) || coding != "aes128gcm")
            return (415, $"content coding {coding}, not aes128gcm", null);
        if (!headers.TryGetValue("Authorization", out var authorization))
            return (401, "no authorization", null);
        var vapid = VapidCheck.Of(authorization, Origin, DateTimeOffset.UtcNow);
        if (vapid.Problem is { } problem)
            return (403, problem, vapid);
        if (subscription.ApplicationServerKey is { } restricted && vapid.PublicKey != restricted)
            return (403, "k is not the key the subscription was made with", vapid);
        return (201, null, vapid);
    }

    private string? Decrypt(string token, byte[] body)
    {
        try
        {
            return Encoding.UTF8.GetString(_subscriptions[token].Decrypt(body));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
