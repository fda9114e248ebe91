using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MimeKit;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Recipients;

/// <summary>
/// One notification to one person reaches them on every channel they can be reached on, each
/// checked where it lands: the .eml file, the Twilio stand-in (auth, form fields), the push service
/// stand-in (VAPID checked, payload decrypted with the browser's keys) and the inbox.
/// </summary>
public abstract class EveryChannelTests(Engine engine) : IAsyncLifetime
{
    private TwilioStandIn twilio = null!;
    private PushServiceStandIn push = null!;
    private TestService service = null!;

    public async Task InitializeAsync()
    {
        twilio = await TwilioStandIn.StartAsync();
        push = await PushServiceStandIn.StartAsync();
        service = new TestService(twilio.Settings(), engine: engine);
    }

    public async Task DisposeAsync()
    {
        service.Dispose();
        await push.DisposeAsync();
        await twilio.DisposeAsync();
    }

    private static JsonObject Content() => new()
    {
        ["email"] = new JsonObject { ["subject"] = "{{ film }} tonight", ["text"] = "Hi {{ recipient.name }}" },
        ["sms"] = new JsonObject { ["text"] = "{{ film }} starts at {{ time }}" },
        ["push"] = new JsonObject { ["title"] = "{{ film }}", ["body"] = "Starts at {{ time }}", ["url"] = "https://usheru.com/t/1" },
        ["inbox"] = new JsonObject { ["title"] = "{{ film }} tonight" },
    };

    [Fact]
    public async Task Reaches_a_person_by_email_sms_push_and_inbox_with_one_request()
    {
        var client = service.Client();
        await client.PutAsJsonAsync("/v1/recipients/fan-1", new { email = "fan@example.com", phone = "+353871234567", name = "Fan" });
        var publicKey = (string)(await client.GetJsonAsync("/v1/webpush/public-key"))["publicKey"]!;
        using var browser = push.Subscribe(publicKey);
        var subscribed = await client.PostAsJsonAsync("/v1/recipients/fan-1/push-subscriptions",
            new { endpoint = browser.Endpoint, keys = new { p256dh = browser.P256dh, auth = browser.Auth } });
        subscribed.EnsureSuccessStatusCode();

        var accepted = await client.SendAsync(new JsonObject
        {
            ["to"] = new JsonArray(new JsonObject { ["recipientId"] = "fan-1" }),
            ["content"] = Content(),
            ["data"] = new JsonObject { ["film"] = "Dune", ["time"] = "20:30" },
        });
        var done = await client.WaitForStatusAsync((string)accepted["id"]!, "completed");

        done["deliveries"]!.AsArray().Select(d => $"{d!["channel"]}:{d["status"]}").Order().ShouldBe(["email:sent", "inbox:sent", "push:sent", "sms:sent"]);
        var email = await MimeMessage.LoadAsync(Path.Combine(service.Outbox, $"{Delivery(done, "email")["id"]}.eml"));
        email.Subject.ShouldBe("Dune tonight");
        var sms = (await twilio.WaitForMessagesAsync(1, TimeSpan.FromSeconds(10))).Single();
        sms.To.ShouldBe("+353871234567");
        sms.Body.ShouldBe("Dune starts at 20:30");
        Delivery(done, "sms")["providerMessageId"]!.ToString().ShouldStartWith("SM");
        var pushed = (await push.WaitForMessagesAsync(1, TimeSpan.FromSeconds(10))).Single().Json;
        pushed["title"]!.ToString().ShouldBe("Dune");
        pushed["body"]!.ToString().ShouldBe("Starts at 20:30");
        push.Rejections.ShouldBeEmpty();
        (await client.GetJsonAsync("/v1/recipients/fan-1/inbox"))["items"]![0]!["title"]!.ToString().ShouldBe("Dune tonight");
    }

    [Fact]
    public async Task Sends_only_the_channels_asked_for()
    {
        var client = service.Client();
        await client.PutAsJsonAsync("/v1/recipients/fan-2", new { email = "fan2@example.com", phone = "+353871234568" });

        var accepted = await client.SendAsync(new JsonObject
        {
            ["to"] = new JsonArray(new JsonObject { ["recipientId"] = "fan-2" }),
            ["content"] = Content(),
            ["data"] = new JsonObject { ["film"] = "Dune", ["time"] = "20:30" },
            ["channels"] = new JsonArray("sms"),
        });

        accepted["deliveries"]!.AsArray().Select(d => (string)d!["channel"]!).ShouldBe(["sms"]);
        accepted["deliveries"]![0]!["to"]!.ToString().ShouldBe("+353871234568");
    }

    private static JsonNode Delivery(JsonObject notification, string channel) =>
        notification["deliveries"]!.AsArray().Single(d => (string)d!["channel"]! == channel)!;
}

public sealed class EveryChannelOnSqlite() : EveryChannelTests(Engine.Sqlite);

public sealed class EveryChannelOnPostgres() : EveryChannelTests(Engine.Postgres);
