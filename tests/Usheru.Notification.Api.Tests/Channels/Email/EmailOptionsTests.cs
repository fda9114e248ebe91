using Microsoft.Extensions.Options;
using Usheru.Notification.Api.Channels.Email;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Channels.Email;

public sealed class EmailOptionsTests
{
    [Theory]
    [InlineData("Email:From", "not an address", "Email:From")]
    [InlineData("Email:MessageIdDomain", "not a domain", "Email:MessageIdDomain")]
    [InlineData("Email:Smtp:Port", "70000", "Email:Smtp:Port")]
    [InlineData("Email:Smtp:MaxConnections", "0", "Email:Smtp:MaxConnections")]
    public async Task Refuses_to_start_with_an_invalid_setting(string key, string value, string named)
    {
        var settings = EmailSettings.Smtp(port: 2525);
        settings[key] = value;

        var error = await Should.ThrowAsync<OptionsValidationException>(
            () => TestServices.StartAsync(settings, builder => builder.AddEmailChannel()));

        error.Message.ShouldContain(named);
    }

    [Fact]
    public async Task Starts_with_the_defaults_in_Development_and_writes_to_the_pickup_directory()
    {
        await using var services = await TestServices.StartAsync(
            new Dictionary<string, string?>(), builder => builder.AddEmailChannel(), environment: "Development");

        var options = services.Get<IOptions<EmailOptions>>().Value;

        options.From.ShouldBe("notifications@usheru.com");
        options.PickupDirectory.ShouldBeNull();
        options.MessageIdDomain.ShouldBe("notification.usheru.com");
        options.Smtp.ShouldSatisfyAllConditions(
            smtp => smtp.Host.ShouldBeNull(),
            smtp => smtp.Port.ShouldBe(587),
            smtp => smtp.Security.ShouldBe(SmtpSecurity.StartTls),
            smtp => smtp.MaxConnections.ShouldBe(8));
        services.Get<IEmailTransport>().ShouldBeOfType<PickupDirectoryEmailTransport>();
    }

    [Fact]
    public async Task Refuses_to_start_in_Production_without_SMTP_or_an_explicit_pickup_directory()
    {
        var error = await Should.ThrowAsync<OptionsValidationException>(
            () => TestServices.StartAsync(new Dictionary<string, string?>(), builder => builder.AddEmailChannel(), environment: "Production"));

        error.Message.ShouldContain("In Production, set Email:Smtp:Host");
        error.Message.ShouldContain("Email:PickupDirectory explicitly");
    }

    [Theory]
    [InlineData("Email:Smtp:Host", "email-smtp.eu-west-1.amazonaws.com")]
    [InlineData("Email:PickupDirectory", "/var/mail/outbox")]
    public async Task Starts_in_Production_with_SMTP_or_an_explicit_pickup_directory(string key, string value)
    {
        await using var services = await TestServices.StartAsync(
            new Dictionary<string, string?> { [key] = value }, builder => builder.AddEmailChannel(), environment: "Production");

        services.Get<IOptions<EmailOptions>>().Value.ShouldNotBeNull();
    }
}
