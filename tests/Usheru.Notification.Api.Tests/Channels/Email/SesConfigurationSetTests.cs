using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Channels.Email;

/// <summary>
/// SES publishes a message's bounces, complaints and deliveries only through the configuration set
/// the message names: without the header the service would never hear about them.
/// </summary>
public sealed class SesConfigurationSetTests
{
    [Fact]
    public async Task Every_email_names_the_configured_SES_configuration_set()
    {
        await using var smtp = await SmtpSink.StartAsync();
        var settings = EmailSettings.Smtp(smtp.Port);
        settings["Email:SesConfigurationSet"] = "usheru-notification-production";
        using var service = new TestService(settings);

        var message = await SentThroughAsync(service, smtp);

        message.Headers["X-SES-CONFIGURATION-SET"].ShouldBe("usheru-notification-production");
    }

    [Fact]
    public async Task Without_a_configuration_set_no_email_carries_the_header()
    {
        await using var smtp = await SmtpSink.StartAsync();
        using var service = new TestService(EmailSettings.Smtp(smtp.Port));

        var message = await SentThroughAsync(service, smtp);

        message.Headers.Contains("X-SES-CONFIGURATION-SET").ShouldBeFalse();
    }

    private static async Task<MimeKit.MimeMessage> SentThroughAsync(TestService service, SmtpSink smtp)
    {
        var client = service.Client();
        var accepted = await client.SendAsync(Requests.Email("ann@example.com"));
        await client.WaitForStatusAsync((string)accepted["id"]!, "completed");
        return (await smtp.WaitForMessagesAsync(1, Eventually.DefaultTimeout)).ShouldHaveSingleItem();
    }
}
