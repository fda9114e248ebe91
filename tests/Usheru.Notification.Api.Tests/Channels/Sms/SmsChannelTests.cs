using Microsoft.Extensions.Time.Testing;
using Usheru.Notification.Api.Channels.Sms;
using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Channels.Sms;

public sealed class SmsChannelTests : IAsyncLifetime
{
    private const string Ann = "+353871234567";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private TwilioStandIn _twilio = null!;

    public async Task InitializeAsync() => _twilio = await TwilioStandIn.StartAsync();

    public async Task DisposeAsync() => await _twilio.DisposeAsync();

    [Fact]
    public async Task Sends_the_text_from_the_configured_number_and_reports_twilios_message_sid()
    {
        await using var services = await StartAsync(_twilio.Settings());

        var outcome = await SendAsync(services, Ann, "Tickets for Dune: Part Three are on sale");

        var message = (await _twilio.WaitForMessagesAsync(1, Eventually.DefaultTimeout)).ShouldHaveSingleItem();
        message.ShouldBe(new TwilioMessage(message.Sid, Ann, TwilioStandIn.DefaultFrom, "Tickets for Dune: Part Three are on sale"));
        message.Sid.ShouldStartWith("SM");
        outcome.ShouldBe(new DeliveryOutcome.Sent(message.Sid));
    }

    [Fact]
    public async Task Fails_for_good_when_twilio_refuses_the_credentials()
    {
        await using var services = await StartAsync(_twilio.Settings(authToken: "not-the-token"));

        var outcome = await SendAsync(services, Ann);

        outcome.ShouldBe(new DeliveryOutcome.Failed("twilio answered 401: error 20003 Authenticate"));
        _twilio.Messages.ShouldBeEmpty();
    }

    [Fact]
    public async Task Fails_a_number_twilio_finds_invalid_with_twilios_error_code()
    {
        await using var services = await StartAsync(_twilio.Settings());

        var outcome = await SendAsync(services, "+15005550001");

        var error = outcome.ShouldBeOfType<DeliveryOutcome.Failed>().Error;
        error.ShouldStartWith("twilio answered 400: error 21211 ");
        error.ShouldContain("not a valid phone number");
    }

    [Theory]
    [InlineData(429, 20429)]
    [InlineData(503, null)]
    public async Task Retries_when_twilio_is_busy_no_sooner_than_its_retry_after(int status, int? code)
    {
        await using var services = await StartAsync(_twilio.Settings());
        _twilio.AnswerNext(status, code, code is null ? null : "Too Many Requests", ("Retry-After", "30"));

        var outcome = await SendAsync(services, Ann);

        var retry = outcome.ShouldBeOfType<DeliveryOutcome.Retry>();
        retry.Error.ShouldStartWith($"twilio answered {status}");
        retry.RetryAfter.ShouldBe(TimeSpan.FromSeconds(30));
        _twilio.Messages.ShouldBeEmpty();
    }

    [Fact]
    public async Task Retries_when_nothing_listens_at_twilios_address()
    {
        var settings = _twilio.Settings();
        settings["Sms:Twilio:BaseUrl"] = $"http://127.0.0.1:{ClosedPort.Find()}";
        await using var services = await StartAsync(settings);

        var outcome = await SendAsync(services, Ann);

        outcome.ShouldBe(new DeliveryOutcome.Retry("could not reach twilio: ConnectionError"));
    }

    [Theory]
    [InlineData("0871234567")]
    [InlineData("+353 87 123 4567")]
    [InlineData("ann@example.com")]
    public async Task Fails_a_recipient_that_is_not_an_e164_number_without_calling_twilio(string to)
    {
        await using var services = await StartAsync(_twilio.Settings());

        var outcome = await SendAsync(services, to);

        outcome.ShouldBe(new DeliveryOutcome.Failed("recipient is not an E.164 phone number"));
        _twilio.Messages.ShouldBeEmpty();
    }

    [Fact]
    public async Task Fails_content_without_a_text()
    {
        await using var services = await StartAsync(_twilio.Settings());

        var outcome = await services.Channel("sms").SendAsync(Deliveries.For("sms", Ann, new { subject = "An email, not an sms" }), CancellationToken.None);

        outcome.ShouldBe(new DeliveryOutcome.Failed("sms content needs a text"));
    }

    private Task<TestServices> StartAsync(Dictionary<string, string?> settings) =>
        TestServices.StartAsync(settings, builder => builder.AddSmsChannel(), _time);

    private static Task<DeliveryOutcome> SendAsync(TestServices services, string to, string text = "Hello") =>
        services.Channel("sms").SendAsync(Deliveries.For("sms", to, new SmsContent(text)), CancellationToken.None);
}
