using System.Net;
using System.Text.Json.Nodes;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Providers;

/// <summary>
/// Nothing posted to <c>/providers/ses/sns</c> is used unless SNS really signed it for our topic:
/// every forgery is a 403, and the delivery and the suppression list stay as they were. (Refused
/// before storage is touched, so one engine suffices.)
/// </summary>
public sealed class SnsVerificationTests : IAsyncLifetime
{
    private SesFedService fed = null!;
    private string deliveryId = null!;

    private SnsStandIn sns => fed.Sns;
    private TestService service => fed.Service;

    /// <summary>Each forgery, and the refusal it must get (not merely any 403).</summary>
    public static TheoryData<string, string> Forgeries => new()
    {
        { "a changed byte", "the signature does not match" },
        { "a certificate on an untrusted host", "not on a trusted host over HTTPS" },
        { "an expired certificate", "the signing certificate is not valid now" },
        { "no signature", "fields of the signed message are missing" },
        { "an unknown signature version", "unknown SignatureVersion" },
        { "a replayed old timestamp", "too old (a replay)" },
        { "a stranger's topic", "the topic is not one this service subscribes to" },
        { "plain HTTP for the certificate", "not on a trusted host over HTTPS" },
    };

    public async Task InitializeAsync()
    {
        fed = await SesFedService.StartAsync();
        var accepted = await service.Client().SendAsync(Requests.Email("ann@example.com"));
        await service.Client().WaitForStatusAsync((string)accepted["id"]!, "completed");
        deliveryId = (string)accepted["deliveries"]![0]!["id"]!;
    }

    public async Task DisposeAsync() => await fed.DisposeAsync();

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_post_with_is_refused_with_403_and_changes_nothing(string forgery, string refusal)
    {
        var bounce = SesRecords.Bounce(deliveryId, "ann@example.com");
        var message = forgery switch
        {
            "a changed byte" => Changed(sns.Notification(bounce)),
            "a certificate on an untrusted host" => sns.Notification(bounce, certificateUrl: sns.UntrustedOrigin + SnsStandIn.ValidCertificatePath),
            "an expired certificate" => sns.Notification(bounce, certificateUrl: sns.TrustedOrigin + SnsStandIn.ExpiredCertificatePath),
            "no signature" => Without(sns.Notification(bounce), "Signature"),
            "an unknown signature version" => With(sns.Notification(bounce), "SignatureVersion", "3"),
            "a replayed old timestamp" => sns.Notification(bounce, timestamp: DateTimeOffset.UtcNow.AddHours(-2)),
            "a stranger's topic" => sns.Notification(bounce, topicArn: "arn:aws:sns:eu-west-1:999999999999:not-ours"),
            _ => sns.Notification(bounce, certificateUrl: $"http://localhost:{sns.Port}{SnsStandIn.ValidCertificatePath}"),
        };

        var response = await service.Client(null).PostAsync("/providers/ses/sns", SnsStandIn.Body(message));

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadAsStringAsync()).ShouldContain(refusal);
        var notification = (await service.Client().GetJsonAsync("/v1/notifications?limit=1"))["items"]![0]!;
        var delivery = (await service.Client().NotificationAsync((string)notification["id"]!))["deliveries"]![0]!;
        ((string?)delivery["status"]).ShouldBe("sent");
        (await service.Client().GetJsonAsync("/v1/suppressions"))["items"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task The_same_message_unchanged_is_accepted()
    {
        var message = sns.Notification(SesRecords.Bounce(deliveryId, "ann@example.com"));

        var response = await service.Client(null).PostAsync("/providers/ses/sns", SnsStandIn.Body(message));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await service.Client().GetJsonAsync("/v1/suppressions"))["items"]!.AsArray().Count.ShouldBe(1);
    }

    /// <summary>What SNS never sends, as SNS sends it (text/plain, so no JSON body check stands in front).</summary>
    public static TheoryData<string> Oddities => new()
    {
        "not json",
        """{"Type":"\ud800"}""",
        """{"Message":"\udc00x","Type":"Notification"}""",
        """{"\ud800":"x"}""",
        """{"Type":"Notification","Type":"SubscriptionConfirmation"}""",
        """{"Type":""",
        """[{"Type":"Notification"}]""",
        "null",
        "\"Notification\"",
        """{"Type":{"a":1}}""",
    };

    [Theory]
    [MemberData(nameof(Oddities))]
    public async Task A_body_that_is_not_an_SNS_message_is_refused(string body)
    {
        var response = await service.Client(null).PostAsync("/providers/ses/sns", new StringContent(body, System.Text.Encoding.UTF8, "text/plain"));

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await service.Client().GetJsonAsync("/v1/suppressions"))["items"]!.AsArray().ShouldBeEmpty();
    }

    private static JsonObject Changed(JsonObject message)
    {
        // One byte of the signed Message: another recipient's address.
        message["Message"] = ((string)message["Message"]!).Replace("ann@example.com", "anm@example.com", StringComparison.Ordinal);
        return message;
    }

    private static JsonObject Without(JsonObject message, string field)
    {
        message.Remove(field);
        return message;
    }

    private static JsonObject With(JsonObject message, string field, string value)
    {
        message[field] = value;
        return message;
    }
}
