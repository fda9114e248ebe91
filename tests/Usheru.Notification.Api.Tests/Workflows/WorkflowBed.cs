using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Usheru.Notification.Api.Tests.Channels.Email;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Workflows;

/// <summary>
/// The service with a fake clock, a real SMTP server and a Twilio stand-in, and the calls workflow
/// tests make: store a workflow, trigger it, read its runs, move time on.
/// </summary>
public sealed class WorkflowBed : IAsyncDisposable
{
    private WorkflowBed(TestService service, SmtpSink smtp, TwilioStandIn twilio)
    {
        (Service, Smtp, Twilio) = (service, smtp, twilio);
        Client = service.Client();
    }

    public TestService Service { get; }

    public SmtpSink Smtp { get; }

    public TwilioStandIn Twilio { get; }

    public HttpClient Client { get; }

    public FakeTimeProvider Clock => (FakeTimeProvider)Service.Service<TimeProvider>();

    public static async Task<WorkflowBed> StartAsync(Engine engine, DateTimeOffset? now = null, IDictionary<string, string?>? settings = null)
    {
        var smtp = await SmtpSink.StartAsync();
        var twilio = await TwilioStandIn.StartAsync();
        var all = EmailSettings.Smtp(smtp.Port);
        foreach (var (key, value) in twilio.Settings())
        {
            all[key] = value;
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        var service = new TestService(all, new FakeTimeProvider(now ?? new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero)), engine);
        return new WorkflowBed(service, smtp, twilio);
    }

    public async Task<HttpResponseMessage> PutWorkflowAsync(string key, JsonObject definition) =>
        await Client.PutAsJsonAsync($"/v1/workflows/{key}", definition);

    /// <summary>Stores a workflow of these steps, failing the test if it is refused.</summary>
    public async Task StoreAsync(string key, params JsonObject[] steps)
    {
        var response = await PutWorkflowAsync(key, new JsonObject { ["name"] = key, ["steps"] = new JsonArray(steps) });
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"PUT /v1/workflows/{key}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    public async Task PutRecipientAsync(string id, object details) =>
        (await Client.PutAsJsonAsync($"/v1/recipients/{id}", details)).EnsureSuccessStatusCode();

    /// <summary>Triggers <paramref name="workflow"/> for recipients by id; returns the notification id.</summary>
    public async Task<string> TriggerAsync(string workflow, JsonObject? data = null, string? cancellationKey = null, params string[] recipientIds)
    {
        var body = new JsonObject
        {
            ["workflow"] = workflow,
            ["to"] = new JsonArray([.. recipientIds.Select(id => (JsonNode)new JsonObject { ["recipientId"] = id })]),
            ["data"] = data ?? [],
        };
        if (cancellationKey is not null)
        {
            body["cancellationKey"] = cancellationKey;
        }
        return (string)(await Client.SendAsync(body))["id"]!;
    }

    public async Task<JsonArray> RunsAsync(string notificationId) =>
        (await Client.GetJsonAsync($"/v1/notifications/{notificationId}/runs"))["items"]!.AsArray();

    /// <summary>Waits until the notification's only run satisfies <paramref name="done"/>, and returns it.</summary>
    public async Task<JsonObject> RunAsync(string notificationId, Func<JsonObject, bool> done, string what) =>
        (await Eventually.GetAsync(async () => (await RunsAsync(notificationId)).Single()!.AsObject(), done, what: what)).AsObject();

    public Task<JsonObject> WaitingAsync(string notificationId, string step) =>
        RunAsync(notificationId, r => (string?)r["status"] == "waiting" && (string?)r["step"] == step, $"the run to wait at '{step}'");

    /// <summary>Waits until the run has ended as <paramref name="status"/> and every delivery it made has ended too.</summary>
    public Task<JsonObject> EndedAsync(string notificationId, string status) =>
        RunAsync(notificationId, r => (string?)r["status"] == status && r["steps"]!.AsArray().All(s => (string?)s!["status"] != "pending"),
            $"the run to end {status} with its deliveries");

    /// <summary>Moves the fake clock to <paramref name="instant"/>.</summary>
    public void AdvanceTo(DateTimeOffset instant) => Clock.Advance(instant - Clock.GetUtcNow());

    public Task<IReadOnlyList<MimeMessage>> EmailsAsync(int count) => Smtp.WaitForMessagesAsync(count, Eventually.DefaultTimeout);

    public static JsonObject Send(string id, string channel, string text, string? condition = null)
    {
        var content = channel switch
        {
            "email" => new JsonObject { ["subject"] = text, ["text"] = text },
            "sms" => new JsonObject { ["text"] = text },
            _ => new JsonObject { ["title"] = text },
        };
        var step = new JsonObject { ["id"] = id, ["type"] = "send", ["channel"] = channel, ["content"] = new JsonObject { [channel] = content } };
        if (condition is not null)
        {
            step["if"] = condition;
        }
        return step;
    }

    public static JsonObject Delay(string id, string duration) => new() { ["id"] = id, ["type"] = "delay", ["duration"] = duration };

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Service.Dispose();
        await Smtp.DisposeAsync();
        await Twilio.DisposeAsync();
    }
}
