using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Providers;

/// <summary>SES bounces, complaints and deliveries, posted by SNS, change what the API shows and who gets email next.</summary>
public abstract class SesFeedbackTests(Engine engine) : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private SesFedService fed = null!;

    private SnsStandIn sns => fed.Sns;
    private TestService service => fed.Service;
    private HttpClient client => fed.Client;

    public async Task InitializeAsync() => fed = await SesFedService.StartAsync(engine);

    public async Task DisposeAsync() => await fed.DisposeAsync();

    [Fact]
    public async Task A_permanent_bounce_marks_the_delivery_bounced_and_every_later_email_to_the_address_suppressed()
    {
        var deliveryId = await SentEmailAsync("ann@example.com");

        (await PostAsync(sns.Notification(SesRecords.Bounce(deliveryId, "ann@example.com")))).ShouldBe(HttpStatusCode.OK);

        var bounced = await DeliveryAsync(deliveryId);
        ((string?)bounced["status"]).ShouldBe("bounced");
        ((string?)bounced["lastError"]).ShouldNotBeNull().ShouldContain("550 5.1.1 user unknown");
        var listed = (await client.GetJsonAsync("/v1/suppressions"))["items"]!.AsArray().ShouldHaveSingleItem()!;
        ((string?)listed["address"]).ShouldBe("ann@example.com");
        ((string?)listed["reason"]).ShouldBe("bounce");
        ((string?)listed["deliveryId"]).ShouldBe(deliveryId);

        await client.PutAsJsonAsync("/v1/recipients/ann", new { email = "Ann@Example.com" });
        await client.PutAsJsonAsync("/v1/topics/film:dune", new { name = "Dune" });
        await client.PostAsJsonAsync("/v1/topics/film:dune/subscribers", new { recipientIds = new[] { "ann" } });
        var direct = await client.SendAsync(Requests.Email("ANN@example.com"));
        var toRecipient = await client.SendAsync(EmailTo(new JsonObject { ["recipientId"] = "ann" }));
        var toTopic = await client.SendAsync(EmailTo(new JsonObject { ["topic"] = "film:dune" }));

        foreach (var accepted in new[] { direct, toRecipient })
        {
            var delivery = accepted["deliveries"]!.AsArray().ShouldHaveSingleItem()!;
            ((string?)delivery["status"]).ShouldBe("suppressed");
            var stored = await client.WaitForStatusAsync((string)accepted["id"]!, "failed", Wait);
            ((string?)stored["deliveries"]![0]!["lastError"]).ShouldNotBeNull().ShouldContain("bounced permanently");
        }
        var fannedOut = await client.WaitForStatusAsync((string)toTopic["id"]!, "failed", Wait);
        ((string?)fannedOut["deliveries"]!.AsArray().ShouldHaveSingleItem()!["status"]).ShouldBe("suppressed");
        Directory.GetFiles(service.Outbox, "*.eml").Length.ShouldBe(1);
    }

    [Fact]
    public async Task A_transient_bounce_marks_the_delivery_bounced_but_leaves_the_address_open()
    {
        var deliveryId = await SentEmailAsync("ann@example.com");

        (await PostAsync(sns.Notification(SesRecords.Bounce(deliveryId, "ann@example.com", "Transient", "MailboxFull")))).ShouldBe(HttpStatusCode.OK);

        ((string?)(await DeliveryAsync(deliveryId))["status"]).ShouldBe("bounced");
        (await client.GetJsonAsync("/v1/suppressions"))["items"]!.AsArray().ShouldBeEmpty();
        var next = await client.SendAsync(Requests.Email("ann@example.com"));
        await client.WaitForStatusAsync((string)next["id"]!, "completed", Wait);
    }

    [Fact]
    public async Task A_complaint_marks_the_delivery_complained_and_suppresses_the_address()
    {
        var deliveryId = await SentEmailAsync("ann@example.com");
        await PostAsync(sns.Notification(SesRecords.Delivery(deliveryId, "ann@example.com")));

        (await PostAsync(sns.Notification(SesRecords.Complaint(deliveryId, "ann@example.com")))).ShouldBe(HttpStatusCode.OK);

        ((string?)(await DeliveryAsync(deliveryId))["status"]).ShouldBe("complained");
        var listed = (await client.GetJsonAsync("/v1/suppressions"))["items"]!.AsArray().ShouldHaveSingleItem()!;
        ((string?)listed["reason"]).ShouldBe("complaint");
        var next = await client.SendAsync(Requests.Email("ann@example.com"));
        ((string?)next["deliveries"]![0]!["status"]).ShouldBe("suppressed");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_delivery_notification_signed_with_either_signature_version_marks_the_delivery_delivered(int version)
    {
        var deliveryId = await SentEmailAsync("ann@example.com");

        (await PostAsync(sns.Notification(SesRecords.Delivery(deliveryId, "ann@example.com"), version))).ShouldBe(HttpStatusCode.OK);

        ((string?)(await DeliveryAsync(deliveryId))["status"]).ShouldBe("delivered");
    }

    [Fact]
    public async Task A_reject_marks_the_delivery_failed_with_SES_s_reason_and_tells_subscribed_endpoints()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await client.CreateWebhookEndpointAsync(receiver.Url.ToString(), "delivery.failed");
        var deliveryId = await SentEmailAsync("ann@example.com");

        (await PostAsync(sns.Notification(SesRecords.Reject(deliveryId, "ann@example.com")))).ShouldBe(HttpStatusCode.OK);

        var rejected = await DeliveryAsync(deliveryId);
        ((string?)rejected["status"]).ShouldBe("failed");
        ((string?)rejected["lastError"]).ShouldBe("rejected by SES: Bad content");
        var failed = JsonNode.Parse((await receiver.WaitForRequestsAsync(1, Wait)).ShouldHaveSingleItem().BodyText)!;
        $"{failed["type"]} {failed["data"]!["deliveryId"]} {failed["data"]!["status"]}".ShouldBe($"delivery.failed {deliveryId} failed");
        (await client.GetJsonAsync("/v1/suppressions"))["items"]!.AsArray().ShouldBeEmpty();
        (await PostAsync(sns.Notification(SesRecords.Delivery(deliveryId, "ann@example.com")))).ShouldBe(HttpStatusCode.OK);
        ((string?)(await DeliveryAsync(deliveryId))["status"]).ShouldBe("failed");
    }

    [Fact]
    public async Task A_late_delivery_notification_does_not_undo_a_bounce()
    {
        var deliveryId = await SentEmailAsync("ann@example.com");
        await PostAsync(sns.Notification(SesRecords.Bounce(deliveryId, "ann@example.com", withHeaders: false)));

        (await PostAsync(sns.Notification(SesRecords.Delivery(deliveryId, "ann@example.com")))).ShouldBe(HttpStatusCode.OK);

        ((string?)(await DeliveryAsync(deliveryId))["status"]).ShouldBe("bounced");
    }

    [Fact]
    public async Task Subscribed_endpoints_hear_delivery_delivered_bounced_and_complained()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (_, secret) = await client.CreateWebhookEndpointAsync(receiver.Url.ToString(), "delivery.delivered", "delivery.bounced", "delivery.complained");
        var delivered = await SentEmailAsync("ann@example.com");
        var bounced = await SentEmailAsync("bob@example.com");

        await PostAsync(sns.Notification(SesRecords.Delivery(delivered, "ann@example.com")));
        await PostAsync(sns.Notification(SesRecords.Complaint(delivered, "ann@example.com")));
        await PostAsync(sns.Notification(SesRecords.Bounce(bounced, "bob@example.com")));
        var received = await receiver.WaitForRequestsAsync(3, Wait);

        received.ShouldAllBe(request => !request.BodyText.Contains("@example.com"));
        foreach (var request in received)
        {
            request.ShouldBeSignedWith(secret);
        }
        received.Select(r => JsonNode.Parse(r.BodyText)!).Select(e => $"{e["type"]} {e["data"]!["deliveryId"]} {e["data"]!["status"]}")
            .ShouldBe([$"delivery.delivered {delivered} delivered", $"delivery.complained {delivered} complained", $"delivery.bounced {bounced} bounced"],
                ignoreOrder: true);
    }

    [Fact]
    public async Task A_bounce_for_an_unknown_or_erased_address_changes_nothing_and_is_not_an_error()
    {
        await client.PutAsJsonAsync("/v1/recipients/ann", new { email = "ann@example.com" });
        var accepted = await client.SendAsync(EmailTo(new JsonObject { ["recipientId"] = "ann" }));
        var erased = (string)accepted["deliveries"]![0]!["id"]!;
        await client.WaitForStatusAsync((string)accepted["id"]!, "completed", Wait);
        (await client.DeleteAsync("/v1/recipients/ann")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var other = await SentEmailAsync("bob@example.com");

        (await PostAsync(sns.Notification(SesRecords.Bounce(erased, "ann@example.com")))).ShouldBe(HttpStatusCode.OK);
        (await PostAsync(sns.Notification(SesRecords.Bounce("dlv_0123456789abcdef0123456789abcdef", "carl@example.com")))).ShouldBe(HttpStatusCode.OK);
        (await PostAsync(sns.Notification(SesRecords.Bounce(other, "mallory@example.com")))).ShouldBe(HttpStatusCode.OK);

        ((string?)(await DeliveryAsync(erased))["status"]).ShouldBe("sent");
        ((string?)(await DeliveryAsync(other))["status"]).ShouldBe("sent");
        (await client.GetJsonAsync("/v1/suppressions"))["items"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_subscription_confirmation_is_confirmed_by_fetching_its_SubscribeURL_from_the_trusted_host()
    {
        var confirmation = sns.SubscriptionConfirmation();

        (await PostAsync(confirmation)).ShouldBe(HttpStatusCode.OK);

        sns.Confirmations.ShouldHaveSingleItem().ShouldContain($"Token={confirmation["Token"]}");
    }

    [Fact]
    public async Task A_subscription_confirmation_pointing_at_an_untrusted_host_is_refused_and_not_fetched()
    {
        (await PostAsync(sns.SubscriptionConfirmation(subscribeOrigin: sns.UntrustedOrigin))).ShouldBe(HttpStatusCode.Forbidden);

        sns.Confirmations.ShouldBeEmpty();
    }

    private async Task<string> SentEmailAsync(string address)
    {
        var accepted = await client.SendAsync(Requests.Email(address));
        await client.WaitForStatusAsync((string)accepted["id"]!, "completed", Wait);
        return (string)accepted["deliveries"]![0]!["id"]!;
    }

    /// <summary>A delivery as its notification shows it (these tests send a handful of notifications at most).</summary>
    private async Task<JsonObject> DeliveryAsync(string deliveryId)
    {
        var page = await client.GetJsonAsync("/v1/notifications?limit=100");
        foreach (var notification in page["items"]!.AsArray())
        {
            var full = await client.NotificationAsync((string)notification!["id"]!);
            if (full["deliveries"]!.AsArray().FirstOrDefault(d => (string?)d!["id"] == deliveryId) is JsonObject found)
            {
                return found;
            }
        }
        throw new InvalidOperationException($"No delivery {deliveryId}");
    }

    private async Task<HttpStatusCode> PostAsync(JsonObject message) => (await fed.PostAsync(message)).StatusCode;

    private static JsonObject EmailTo(JsonObject address)
    {
        var body = Requests.Email();
        body["to"] = new JsonArray(address);
        return body;
    }
}

public sealed class SesFeedbackOnSqlite() : SesFeedbackTests(Engine.Sqlite);

public sealed class SesFeedbackOnPostgres() : SesFeedbackTests(Engine.Postgres);
