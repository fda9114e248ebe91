using System.Net.ServerSentEvents;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Usheru.Notification.Api.Tests.Support;

/// <summary>A client holding a recipient's inbox Server-Sent Events stream open, collecting its events.</summary>
public sealed class InboxFeed : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Channel<SseItem<string>> events = Channel.CreateUnbounded<SseItem<string>>();
    private readonly Task reading;

    private InboxFeed(Stream body, HttpResponseMessage response)
    {
        Response = response;
        reading = Task.Run(async () =>
        {
            try
            {
                await foreach (var item in SseParser.Create(body).EnumerateAsync(stop.Token))
                {
                    await events.Writer.WriteAsync(item);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
            {
            }
            events.Writer.TryComplete();
        });
    }

    public HttpResponseMessage Response { get; }

    /// <summary>Opens the stream and returns once the service says it is listening.</summary>
    public static async Task<InboxFeed> OpenAsync(HttpClient client, string recipientId, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/recipients/{recipientId}/inbox/stream");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var stream = new InboxFeed(await response.Content.ReadAsStreamAsync(), response);
        await stream.NextAsync("ready", TimeSpan.FromSeconds(10));
        return stream;
    }

    /// <summary>The next event of <paramref name="type"/>, skipping pings; fails after <paramref name="timeout"/>.</summary>
    public async Task<SseItem<string>> NextAsync(string type, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var item = await events.Reader.ReadAsync(deadline.Token);
            if (item.EventType == type)
            {
                return item;
            }
        }
    }

    public static JsonObject Data(SseItem<string> item) => JsonNode.Parse(item.Data)!.AsObject();

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        Response.Dispose();
        await reading;
        stop.Dispose();
    }
}
