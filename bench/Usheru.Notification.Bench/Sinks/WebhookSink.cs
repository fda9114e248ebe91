namespace Usheru.Notification.Bench.Sinks;

/// <summary>
/// A bare Kestrel endpoint on 127.0.0.1 that answers every webhook 204 and notes its
/// <c>webhook-id</c> (the delivery id). It checks no signature: it stands for a fast receiver.
/// </summary>
internal sealed class WebhookSink : IAsyncDisposable
{
    private readonly WebApplication app;

    private WebhookSink(WebApplication app) => this.app = app;

    public Arrivals Arrivals { get; } = new();

    public Uri Url => new(new Uri(app.Urls.Single()), "hook");

    public static async Task<WebhookSink> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var sink = new WebhookSink(builder.Build());
        sink.app.Run(http =>
        {
            sink.Arrivals.Record(http.Request.Headers["webhook-id"].ToString());
            http.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });
        await sink.app.StartAsync();
        return sink;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
