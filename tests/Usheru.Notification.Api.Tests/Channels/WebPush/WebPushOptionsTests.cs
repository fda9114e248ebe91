using Microsoft.Extensions.Options;
using Usheru.Notification.Api.Channels.WebPush;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Channels.WebPush;

public sealed class WebPushOptionsTests
{
    [Fact]
    public async Task Starts_with_a_mailto_subject_a_day_to_live_and_keys_to_generate()
    {
        await using var services = await StartAsync([]);

        var options = services.Get<IOptions<WebPushOptions>>().Value;

        options.Subject.ShouldBe("mailto:notifications@usheru.com");
        options.TimeToLiveSeconds.ShouldBe(86400);
        options.ConfiguredKeys.ShouldBeNull();
    }

    [Theory]
    [MemberData(nameof(UnusableSettings))]
    public async Task Refuses_to_start_with_an_unusable_setting(string key, string value, string named)
    {
        var error = await Should.ThrowAsync<OptionsValidationException>(() => StartAsync(new() { [key] = value }));

        error.Message.ShouldContain(named);
    }

    [Fact]
    public async Task Refuses_to_start_with_keys_that_are_not_one_pair()
    {
        var (one, other) = (VapidKeyPair.Generate(), VapidKeyPair.Generate());

        var error = await Should.ThrowAsync<OptionsValidationException>(() => StartAsync(new()
        {
            ["WebPush:PublicKey"] = one.PublicKey,
            ["WebPush:PrivateKey"] = other.PrivateKey,
        }));

        error.Message.ShouldContain("WebPush:PublicKey and WebPush:PrivateKey");
    }

    public static TheoryData<string, string, string> UnusableSettings() => new()
    {
        { "WebPush:Subject", "notifications@usheru.com", "WebPush:Subject" },
        { "WebPush:Subject", "http://usheru.com/contact", "WebPush:Subject" },
        { "WebPush:PublicKey", VapidKeyPair.Generate().PublicKey, "WebPush:PrivateKey" },
        { "WebPush:PrivateKey", VapidKeyPair.Generate().PrivateKey, "WebPush:PublicKey" },
        { "WebPush:TimeToLiveSeconds", "-1", "WebPush:TimeToLiveSeconds" },
    };

    private static Task<TestServices> StartAsync(Dictionary<string, string?> settings) =>
        TestServices.StartAsync(settings, builder => builder.AddWebPushChannel());
}
