using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Twilio.Security;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Providers;

/// <summary>
/// Twilio's status callbacks, signed as Twilio signs them (the Twilio SDK's own
/// <see cref="RequestValidator"/> is the judge of what is correctly signed), move an SMS on to
/// delivered or bounced; anything not signed with the account's token is a 403.
/// </summary>
public abstract class TwilioStatusTests(Engine engine) : IAsyncLifetime
{
    private const string PublicBaseUrl = "https://notification.develop.usheru.com";
    private const string CallbackUrl = PublicBaseUrl + "/providers/twilio/status";
    private TwilioStandIn twilio = null!;
    private TestService service = null!;

    public async Task InitializeAsync()
    {
        twilio = await TwilioStandIn.StartAsync();
        var settings = twilio.Settings();
        settings["PublicBaseUrl"] = PublicBaseUrl;
        service = new TestService(settings, engine: engine);
    }

    public async Task DisposeAsync()
    {
        service.Dispose();
        await twilio.DisposeAsync();
    }

    [Fact]
    public async Task Each_message_asks_Twilio_for_status_callbacks_at_the_public_URL()
    {
        await SentSmsAsync();

        twilio.Messages.ShouldHaveSingleItem().StatusCallback.ShouldBe(CallbackUrl);
    }

    [Fact]
    public async Task A_delivered_callback_signed_as_Twilio_signs_marks_the_sms_delivered()
    {
        var (notificationId, sid) = await SentSmsAsync();
        var parameters = Callback(sid, "delivered");
        var signature = Sign(twilio.AuthToken, CallbackUrl, parameters);
        new RequestValidator(twilio.AuthToken).Validate(CallbackUrl, parameters, signature).ShouldBeTrue("Twilio's SDK agrees the callback is signed");

        var response = await PostAsync(parameters, signature);

        response.ShouldBe(HttpStatusCode.OK);
        ((string?)(await service.Client().NotificationAsync(notificationId))["deliveries"]![0]!["status"]).ShouldBe("delivered");
    }

    [Fact]
    public async Task An_undelivered_callback_marks_the_sms_bounced_with_Twilio_s_error_code()
    {
        var (notificationId, sid) = await SentSmsAsync();
        var parameters = Callback(sid, "undelivered", errorCode: "30003");

        (await PostAsync(parameters, Sign(twilio.AuthToken, CallbackUrl, parameters))).ShouldBe(HttpStatusCode.OK);

        var delivery = (await service.Client().NotificationAsync(notificationId))["deliveries"]![0]!;
        ((string?)delivery["status"]).ShouldBe("bounced");
        ((string?)delivery["lastError"]).ShouldNotBeNull().ShouldContain("30003");
    }

    [Theory]
    [InlineData("another account's token")]
    [InlineData("the load balancer's internal URL")]
    [InlineData("a changed parameter")]
    [InlineData("no signature")]
    public async Task A_callback_signed_wrongly_is_refused_with_403_and_changes_nothing(string wrong)
    {
        var (notificationId, sid) = await SentSmsAsync();
        var parameters = Callback(sid, "delivered");
        var signature = wrong switch
        {
            "another account's token" => Sign(RandomNumberGenerator.GetHexString(32, lowercase: true), CallbackUrl, parameters),
            "the load balancer's internal URL" => Sign(twilio.AuthToken, service.Client(null).BaseAddress + "providers/twilio/status", parameters),
            _ => Sign(twilio.AuthToken, CallbackUrl, parameters),
        };
        if (wrong == "a changed parameter")
        {
            parameters["MessageStatus"] = "undelivered";
        }
        if (wrong != "no signature")
        {
            new RequestValidator(twilio.AuthToken).Validate(CallbackUrl, parameters, signature).ShouldBeFalse("Twilio's SDK refuses it too");
        }

        (await PostAsync(parameters, wrong == "no signature" ? null : signature)).ShouldBe(HttpStatusCode.Forbidden);

        ((string?)(await service.Client().NotificationAsync(notificationId))["deliveries"]![0]!["status"]).ShouldBe("sent");
    }

    [Theory]
    [InlineData("more than 1024 values")]
    [InlineData("a key over 2 KB")]
    [InlineData("multipart cut short")]
    [InlineData("multipart without a boundary")]
    public async Task A_form_past_the_form_limits_or_malformed_is_a_400_problem_and_changes_nothing(string form)
    {
        var (notificationId, sid) = await SentSmsAsync();
        using HttpContent content = form switch
        {
            "more than 1024 values" => new FormUrlEncodedContent(Enumerable.Range(0, 1100).Select(i => KeyValuePair.Create($"k{i}", "v"))
                .Concat(Callback(sid, "delivered"))),
            "a key over 2 KB" => new FormUrlEncodedContent(Callback(sid, "delivered").Append(KeyValuePair.Create(new string('k', 3000), "v"))),
            "multipart cut short" => Multipart("multipart/form-data; boundary=xyz", $"--xyz\r\nContent-Disposition: form-data; name=\"MessageSid\"\r\n\r\n{sid}"),
            _ => Multipart("multipart/form-data", "MessageSid=x"),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/providers/twilio/status") { Content = content };
        request.Headers.Add("X-Twilio-Signature", Sign(twilio.AuthToken, CallbackUrl, Callback(sid, "delivered")));

        using var response = await service.Client(null).SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        JsonNode.Parse(body)!["errors"]!["body"].ShouldNotBeNull(body);
        ((string?)(await service.Client().NotificationAsync(notificationId))["deliveries"]![0]!["status"]).ShouldBe("sent");
    }

    private static ByteArrayContent Multipart(string contentType, string body)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    private async Task<(string NotificationId, string Sid)> SentSmsAsync()
    {
        var accepted = await service.Client().SendAsync(new JsonObject
        {
            ["to"] = new JsonArray(new JsonObject { ["phone"] = "+353871234567" }),
            ["content"] = new JsonObject { ["sms"] = new JsonObject { ["text"] = "Your tickets for Dune" } },
        });
        var notification = await service.Client().WaitForStatusAsync((string)accepted["id"]!, "completed");
        return ((string)accepted["id"]!, (string)notification["deliveries"]![0]!["providerMessageId"]!);
    }

    private Dictionary<string, string> Callback(string sid, string status, string? errorCode = null)
    {
        var parameters = new Dictionary<string, string>
        {
            ["AccountSid"] = twilio.AccountSid,
            ["ApiVersion"] = "2010-04-01",
            ["From"] = TwilioStandIn.DefaultFrom,
            ["MessageSid"] = sid,
            ["MessageStatus"] = status,
            ["SmsSid"] = sid,
            ["SmsStatus"] = status,
            ["To"] = "+353871234567",
        };
        if (errorCode is not null)
        {
            parameters["ErrorCode"] = errorCode;
        }
        return parameters;
    }

    /// <summary>Twilio's scheme, written out here as Twilio documents it: HMAC-SHA1 over the URL and the sorted parameters.</summary>
    private static string Sign(string authToken, string url, IReadOnlyDictionary<string, string> parameters)
    {
        var data = url + string.Concat(parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + p.Value));
#pragma warning disable CA5350 // Twilio's scheme is HMAC-SHA1.
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data)));
#pragma warning restore CA5350
    }

    private async Task<HttpStatusCode> PostAsync(Dictionary<string, string> parameters, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/providers/twilio/status") { Content = new FormUrlEncodedContent(parameters) };
        if (signature is not null)
        {
            request.Headers.Add("X-Twilio-Signature", signature);
        }
        return (await service.Client(null).SendAsync(request)).StatusCode;
    }
}

public sealed class TwilioStatusOnSqlite() : TwilioStatusTests(Engine.Sqlite);

public sealed class TwilioStatusOnPostgres() : TwilioStatusTests(Engine.Postgres);
