using System.Net;
using System.Text.Json.Nodes;

namespace Usheru.Notification.Api.Tests.Support;

/// <summary>The service configured to take SES feedback from an <see cref="SnsStandIn"/>, with both started.</summary>
public sealed class SesFedService : IAsyncDisposable
{
    private SesFedService(SnsStandIn sns, TestService service)
    {
        Sns = sns;
        Service = service;
        Client = service.Client();
    }

    public SnsStandIn Sns { get; }

    public TestService Service { get; }

    /// <summary>A client with the bootstrap key.</summary>
    public HttpClient Client { get; }

    /// <param name="settings">More settings, e.g. <c>EmailSettings.Smtp(sink.Port)</c> to send through an <see cref="SmtpSink"/>.</param>
    public static async Task<SesFedService> StartAsync(Engine engine = Engine.Sqlite, IDictionary<string, string?>? settings = null,
        TimeProvider? clock = null)
    {
        var sns = await SnsStandIn.StartAsync();
        var all = SnsStandIn.Settings();
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        return new SesFedService(sns, new TestService(all, clock, engine, sns.TrustItsTls));
    }

    /// <summary>Posts <paramref name="message"/> to <c>/providers/ses/sns</c> as SNS does (no API key).</summary>
    public async Task<HttpResponseMessage> PostAsync(JsonObject message) =>
        await Service.Client(null).PostAsync("/providers/ses/sns", SnsStandIn.Body(message));

    /// <summary>Sends an email to <paramref name="address"/>, waits until it is sent, then has SES report a permanent bounce.</summary>
    public async Task<string> BounceAsync(string address)
    {
        var accepted = await Client.SendAsync(Requests.Email(address));
        await Client.WaitForStatusAsync((string)accepted["id"]!, "completed");
        var deliveryId = (string)accepted["deliveries"]![0]!["id"]!;
        (await PostAsync(Sns.Notification(SesRecords.Bounce(deliveryId, address)))).StatusCode.ShouldBe(HttpStatusCode.OK);
        return deliveryId;
    }

    public async ValueTask DisposeAsync()
    {
        Service.Dispose();
        await Sns.DisposeAsync();
    }
}
