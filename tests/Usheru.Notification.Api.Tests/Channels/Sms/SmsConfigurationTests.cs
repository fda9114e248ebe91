using Microsoft.Extensions.Options;
using Usheru.Notification.Api.Channels.Sms;
using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Channels.Sms;

public sealed class SmsConfigurationTests
{
    private static readonly Dictionary<string, string?> Configured = new()
    {
        ["Sms:Twilio:AccountSid"] = "AC0123456789abcdef0123456789abcdef",
        ["Sms:Twilio:AuthToken"] = "0123456789abcdef0123456789abcdef",
        ["Sms:Twilio:From"] = "+15005550006",
    };

    [Fact]
    public async Task Registers_no_sms_channel_when_no_account_sid_is_configured()
    {
        await using var services = await TestServices.StartAsync(new Dictionary<string, string?>(), builder => builder.AddSmsChannel());

        services.Get<IEnumerable<IChannel>>().ShouldBeEmpty();
    }

    [Fact]
    public async Task Registers_the_sms_channel_sending_to_twilio_by_default()
    {
        await using var services = await TestServices.StartAsync(Configured, builder => builder.AddSmsChannel());

        services.Channel("sms").ShouldBeOfType<SmsChannel>();
        services.Get<IOptions<TwilioOptions>>().Value.BaseUrl.ShouldBe("https://api.twilio.com");
    }

    [Theory]
    [InlineData("Sms:Twilio:AuthToken", "")]
    [InlineData("Sms:Twilio:From", "")]
    [InlineData("Sms:Twilio:BaseUrl", "api.twilio.com")]
    public async Task Refuses_to_start_with_an_account_sid_but_an_unusable_setting(string key, string value)
    {
        var settings = new Dictionary<string, string?>(Configured) { [key] = value };

        var error = await Should.ThrowAsync<OptionsValidationException>(
            () => TestServices.StartAsync(settings, builder => builder.AddSmsChannel()));

        error.Message.ShouldContain(key);
    }
}
