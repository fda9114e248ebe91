using System.Net;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Usheru.Notification.Api.Channels.Email;
using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Channels.Email;

public sealed class EmailChannelOverSmtpTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly EmailContent Tickets = new("Your tickets for Dune", "Screen 4, row F", "<p>Screen 4, row F</p>", "Ana Silva");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Delivers_the_email_with_its_addresses_subject_bodies_and_tracking_headers()
    {
        await using var smtp = await SmtpSink.StartAsync();
        await using var services = await StartAsync(EmailSettings.Smtp(smtp.Port));
        var delivery = Deliveries.For("email", "ana@example.test", Tickets);

        var outcome = await services.Channel("email").SendAsync(delivery, CancellationToken.None);

        outcome.ShouldBe(new DeliveryOutcome.Sent($"{delivery.Id}@{EmailSettings.MessageIdDomain}"));
        var message = (await smtp.WaitForMessagesAsync(1, Patience)).Single();
        message.From.Mailboxes.Single().ShouldSatisfyAllConditions(
            from => from.Name.ShouldBe("Usheru"),
            from => from.Address.ShouldBe(EmailSettings.From));
        message.To.Mailboxes.Single().ShouldSatisfyAllConditions(
            to => to.Name.ShouldBe("Ana Silva"),
            to => to.Address.ShouldBe("ana@example.test"));
        message.Subject.ShouldBe("Your tickets for Dune");
        message.Body.ShouldBeOfType<MultipartAlternative>();
        message.TextBody.ShouldNotBeNull().TrimEnd().ShouldBe("Screen 4, row F");
        message.HtmlBody.ShouldNotBeNull().TrimEnd().ShouldBe("<p>Screen 4, row F</p>");
        message.ShouldCarryTheTrackingHeadersOf(delivery, _time.GetUtcNow());
    }

    [Fact]
    public async Task Retries_when_the_smtp_server_answers_451()
    {
        await using var smtp = await SmtpSink.StartAsync();
        await using var services = await StartAsync(EmailSettings.Smtp(smtp.Port));
        smtp.AnswerNext(451, "4.3.0 Mailbox busy, try again later");

        var outcome = await services.Channel("email").SendAsync(Deliveries.For("email", "ana@example.test", Tickets), CancellationToken.None);

        outcome.ShouldBeOfType<DeliveryOutcome.Retry>().Error.ShouldContain("451");
        smtp.Messages.ShouldBeEmpty();
    }

    [Fact]
    public async Task Fails_when_the_smtp_server_answers_550()
    {
        await using var smtp = await SmtpSink.StartAsync();
        await using var services = await StartAsync(EmailSettings.Smtp(smtp.Port));
        smtp.AnswerNext(550, "5.1.1 No such user");

        var outcome = await services.Channel("email").SendAsync(Deliveries.For("email", "ana@example.test", Tickets), CancellationToken.None);

        outcome.ShouldBeOfType<DeliveryOutcome.Failed>().Error.ShouldContain("550");
        smtp.Messages.ShouldBeEmpty();
    }

    [Fact]
    public async Task Keeps_using_the_connection_after_the_server_refuses_a_message()
    {
        await using var smtp = await SmtpSink.StartAsync();
        await using var services = await StartAsync(EmailSettings.Smtp(smtp.Port));
        var channel = services.Channel("email");
        smtp.AnswerNext(550, "5.1.1 No such user");

        await channel.SendAsync(Deliveries.For("email", "nobody@example.test", Tickets), CancellationToken.None);
        var outcome = await channel.SendAsync(Deliveries.For("email", "ana@example.test", Tickets), CancellationToken.None);

        outcome.ShouldBeOfType<DeliveryOutcome.Sent>();
        (await smtp.WaitForMessagesAsync(1, Patience)).Single().To.Mailboxes.Single().Address.ShouldBe("ana@example.test");
        smtp.Sessions.ShouldBe(1);
    }

    [Fact]
    public async Task Retries_when_nothing_listens_on_the_smtp_port()
    {
        await using var services = await StartAsync(EmailSettings.Smtp(ClosedPort.Find()));

        var outcome = await services.Channel("email").SendAsync(Deliveries.For("email", "ana@example.test", Tickets), CancellationToken.None);

        outcome.ShouldBeOfType<DeliveryOutcome.Retry>().Error.ShouldContain("ConnectionRefused");
    }

    [Fact]
    public async Task Delivers_concurrent_sends_over_no_more_connections_than_configured()
    {
        await using var smtp = await SmtpSink.StartAsync();
        await using var services = await StartAsync(EmailSettings.Smtp(smtp.Port, maxConnections: 3));
        var channel = services.Channel("email");
        var deliveries = Enumerable.Range(0, 12).Select(_ => Deliveries.For("email", "ana@example.test", Tickets)).ToList();

        var outcomes = await Task.WhenAll(deliveries.Select(d => Task.Run(() => channel.SendAsync(d, CancellationToken.None))));

        outcomes.ShouldAllBe(outcome => outcome is DeliveryOutcome.Sent);
        var received = await smtp.WaitForMessagesAsync(12, Patience);
        received.Select(m => m.Headers["X-Delivery-Id"]).ShouldBe(deliveries.Select(d => d.Id), ignoreOrder: true);
        smtp.Sessions.ShouldBeInRange(1, 3);
    }

    [Fact]
    public async Task Reconnects_when_the_server_dropped_the_pooled_connection()
    {
        var first = await SmtpSink.StartAsync();
        await using var services = await StartAsync(EmailSettings.Smtp(first.Port));
        var channel = services.Channel("email");
        await channel.SendAsync(Deliveries.For("email", "ana@example.test", Tickets), CancellationToken.None);
        await first.DisposeAsync();
        await using var second = await SmtpSink.StartAsync(first.Port);

        var outcome = await channel.SendAsync(Deliveries.For("email", "ana@example.test", Tickets), CancellationToken.None);

        outcome.ShouldBeOfType<DeliveryOutcome.Sent>();
        (await second.WaitForMessagesAsync(1, Patience)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Logs_in_when_a_username_is_configured()
    {
        await using var smtp = await SmtpSink.StartAsync(requiredLogin: new NetworkCredential("mailer", "s3cret"));
        var settings = EmailSettings.Smtp(smtp.Port);
        settings["Email:Smtp:Username"] = "mailer";
        settings["Email:Smtp:Password"] = "s3cret";
        await using var services = await StartAsync(settings);

        var outcome = await services.Channel("email").SendAsync(Deliveries.For("email", "ana@example.test", Tickets), CancellationToken.None);

        outcome.ShouldBeOfType<DeliveryOutcome.Sent>();
        (await smtp.WaitForMessagesAsync(1, Patience)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Retries_without_revealing_the_password_when_the_server_refuses_the_login()
    {
        await using var smtp = await SmtpSink.StartAsync(requiredLogin: new NetworkCredential("mailer", "s3cret"));
        var settings = EmailSettings.Smtp(smtp.Port);
        settings["Email:Smtp:Username"] = "mailer";
        settings["Email:Smtp:Password"] = "wrong-password";
        await using var services = await StartAsync(settings);

        var outcome = await services.Channel("email").SendAsync(Deliveries.For("email", "ana@example.test", Tickets), CancellationToken.None);

        outcome.ShouldBeOfType<DeliveryOutcome.Retry>().Error.ShouldSatisfyAllConditions(
            error => error.ShouldContain("credentials"),
            error => error.ShouldNotContain("wrong-password"));
        smtp.Messages.ShouldBeEmpty();
    }

    private Task<TestServices> StartAsync(Dictionary<string, string?> settings) =>
        TestServices.StartAsync(settings, builder => builder.AddEmailChannel(), _time);
}
