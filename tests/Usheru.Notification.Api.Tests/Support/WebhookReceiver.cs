using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace Usheru.Notification.Api.Tests.Support;

/// <summary>
/// A real HTTP server (Kestrel) on 127.0.0.1 that records every request and answers 200, or
/// what the test queued.
/// <code>
/// await using var receiver = await WebhookReceiver.StartAsync();
/// receiver.AnswerNext(503, ("Retry-After", "120"));
/// // POST to receiver.Url
/// var requests = await receiver.WaitForRequestsAsync(1, TimeSpan.FromSeconds(10));
/// </code>
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ReceivedLog<ReceivedRequest> _requests = new("requests");
    private readonly ConcurrentQueue<WebhookAnswer> _answers = new();
    private LoopbackServer _server = null!;

    private WebhookReceiver()
    {
    }

    /// <summary>The server's root, <c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri Url => new(_server.Origin);

    public int Port => Url.Port;

    /// <summary>The requests received so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedRequest> Requests => _requests.Snapshot();

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        receiver._server = await LoopbackServer.StartAsync(receiver.HandleAsync);
        return receiver;
    }

    /// <summary>Answers the next request not yet answered with this status and headers.</summary>
    public void AnswerNext(int status, params (string Name, string Value)[] headers) =>
        _answers.Enqueue(new WebhookAnswer(status, headers));

    /// <summary>Never answers the next request, so the client times out.</summary>
    public void HangNext() => _answers.Enqueue(new WebhookAnswer(0, [], Hang: true));

    /// <summary>Holds the next request until the test answers it: <c>held.SetResult(500)</c>.</summary>
    public TaskCompletionSource<int> HoldNext()
    {
        var held = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _answers.Enqueue(new WebhookAnswer(0, [], Held: held.Task));
        return held;
    }

    public Task<IReadOnlyList<ReceivedRequest>> WaitForRequestsAsync(int count, TimeSpan timeout) =>
        _requests.WaitForAsync(count, timeout);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, context.RequestAborted);
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _requests.Add(new ReceivedRequest(request.Method, $"{request.Path}{request.QueryString}", headers, body.ToArray()));

        var answer = _answers.TryDequeue(out var next) ? next : WebhookAnswer.Ok;
        if (answer.Hang)
        {
            var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using (context.RequestAborted.Register(aborted.SetResult))
                await aborted.Task;
            return;
        }
        context.Response.StatusCode = answer.Held is { } held ? await held.WaitAsync(context.RequestAborted) : answer.Status;
        foreach (var (name, value) in answer.Headers)
            context.Response.Headers.Append(name, value);
    }
}
