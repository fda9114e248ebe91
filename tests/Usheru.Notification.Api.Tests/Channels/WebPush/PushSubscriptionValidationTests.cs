using System.Buffers.Text;
using Usheru.Notification.Api.Channels.WebPush;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Channels.WebPush;

public sealed class PushSubscriptionValidationTests
{
    private const string Endpoint = "https://fcm.googleapis.com/fcm/send/dpH5lCsTSSM:APA91bHqjZxM0VImWWqDRN7U0a3AycjUf4O";

    [Fact]
    public void Accepts_a_subscription_as_a_browser_gives_it()
    {
        using var browser = new BrowserPushSubscription(Endpoint);

        PushSubscriptionStore.Validate(browser.Endpoint, browser.P256dh, browser.Auth).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("/fcm/send/abc")]
    [InlineData("ftp://push.example.net/abc")]
    [InlineData("")]
    public void Refuses_an_endpoint_that_is_not_an_absolute_https_url(string endpoint)
    {
        using var browser = new BrowserPushSubscription(Endpoint);

        PushSubscriptionStore.Validate(endpoint, browser.P256dh, browser.Auth).Keys.ShouldBe(["endpoint"]);
    }

    [Theory]
    [MemberData(nameof(UnusablePublicKeys))]
    public void Refuses_a_p256dh_that_is_not_an_uncompressed_p256_point_in_base64url(string p256dh)
    {
        using var browser = new BrowserPushSubscription(Endpoint);

        PushSubscriptionStore.Validate(Endpoint, p256dh, browser.Auth).Keys.ShouldBe(["keys.p256dh"]);
    }

    [Theory]
    [InlineData(15)]
    [InlineData(17)]
    [InlineData(0)]
    public void Refuses_an_auth_secret_that_is_not_16_bytes(int length)
    {
        using var browser = new BrowserPushSubscription(Endpoint);

        PushSubscriptionStore.Validate(Endpoint, browser.P256dh, Base64Url.EncodeToString(new byte[length])).Keys.ShouldBe(["keys.auth"]);
    }

    public static TheoryData<string> UnusablePublicKeys()
    {
        using var browser = new BrowserPushSubscription(Endpoint);
        var point = Base64Url.DecodeFromChars(browser.P256dh);
        byte[] offCurve = [.. point.AsSpan(0, 64), (byte)(point[^1] ^ 1)];
        byte[] compressed = [(byte)(2 + (point[^1] & 1)), .. point.AsSpan(1, 32)];
        return new TheoryData<string>
        {
            Base64Url.EncodeToString(offCurve),
            Base64Url.EncodeToString(compressed),
            Base64Url.EncodeToString(point.AsSpan(0, 64)),
            // Standard base64, not base64url.
            "BCVxsr7N+eNgVRqvHtD0zTZsEc6/VV/JvLexhqUzORcxaOzi6+AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4",
            "",
        };
    }
}
