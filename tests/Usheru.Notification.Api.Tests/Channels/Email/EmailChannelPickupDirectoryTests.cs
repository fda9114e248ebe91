using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Usheru.Notification.Api.Channels.Email;
using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Channels.Email;

public sealed class EmailChannelPickupDirectoryTests : IDisposable
{
    private static readonly EmailContent Reminder = new("Dune starts in an hour", "Doors open at 19:30", null, null);

    private readonly TemporaryDirectory _temporary = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    // A folder that does not exist yet: the channel creates it.
    private string Outbox => Path.Combine(_temporary.Path, "outbox");

    [Fact]
    public async Task Writes_a_parseable_eml_file_named_after_the_delivery_when_no_smtp_host_is_set()
    {
        await using var services = await StartAsync();
        var delivery = Deliveries.For("email", "ana@example.test", Reminder);

        var outcome = await services.Channel("email").SendAsync(delivery, CancellationToken.None);

        outcome.ShouldBe(new DeliveryOutcome.Sent($"{delivery.Id}@{EmailSettings.MessageIdDomain}"));
        var file = Directory.GetFiles(Outbox).ShouldHaveSingleItem();
        Path.GetFileName(file).ShouldBe($"{delivery.Id}.eml");
        using var message = await MimeMessage.LoadAsync(file);
        message.From.Mailboxes.Single().Address.ShouldBe(EmailSettings.From);
        message.To.Mailboxes.Single().Address.ShouldBe("ana@example.test");
        message.Subject.ShouldBe("Dune starts in an hour");
        message.Body.ShouldBeOfType<TextPart>().Text.TrimEnd().ShouldBe("Doors open at 19:30");
        message.ShouldCarryTheTrackingHeadersOf(delivery, _time.GetUtcNow());
    }

    [Fact]
    public async Task Replaces_the_file_when_the_same_delivery_is_sent_again()
    {
        await using var services = await StartAsync();
        var delivery = Deliveries.For("email", "ana@example.test", Reminder);

        await services.Channel("email").SendAsync(delivery, CancellationToken.None);
        var outcome = await services.Channel("email").SendAsync(delivery with { Attempt = 2 }, CancellationToken.None);

        outcome.ShouldBeOfType<DeliveryOutcome.Sent>();
        Path.GetFileName(Directory.GetFiles(Outbox).ShouldHaveSingleItem()).ShouldBe($"{delivery.Id}.eml");
    }

    [Theory]
    [InlineData("ana@example.test", """{ "subject": "No body" }""")]
    [InlineData("ana@example.test", """{ "text": "No subject" }""")]
    [InlineData("ana@example.test", "not json")]
    [InlineData("not an address", """{ "subject": "Hello", "text": "Hi" }""")]
    [InlineData("ana", """{ "subject": "Hello", "text": "Hi" }""")]
    public async Task Fails_a_delivery_it_cannot_make_an_email_of_and_writes_nothing(string to, string contentJson)
    {
        await using var services = await StartAsync();
        var delivery = Deliveries.For("email", to, Reminder) with { ContentJson = contentJson };

        var outcome = await services.Channel("email").SendAsync(delivery, CancellationToken.None);

        outcome.ShouldBeOfType<DeliveryOutcome.Failed>();
        Directory.Exists(Outbox).ShouldBeFalse();
    }

    public void Dispose() => _temporary.Dispose();

    private Task<TestServices> StartAsync() =>
        TestServices.StartAsync(EmailSettings.Pickup(Outbox), builder => builder.AddEmailChannel(), _time);
}
