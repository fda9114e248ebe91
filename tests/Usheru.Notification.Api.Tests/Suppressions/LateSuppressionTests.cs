using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Usheru.Notification.Api.Tests.Channels.Email;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Suppressions;

/// <summary>
/// An email written before its address went on the suppression list (scheduled, or waiting to be
/// tried again) is checked when it falls due: it ends <c>suppressed</c> and never reaches SMTP.
/// </summary>
public abstract class LateSuppressionTests(Engine engine) : IAsyncLifetime
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private SmtpSink smtp = null!;
    private SesFedService fed = null!;

    private HttpClient client => fed.Client;

    public async Task InitializeAsync()
    {
        smtp = await SmtpSink.StartAsync();
        fed = await SesFedService.StartAsync(engine, EmailSettings.Smtp(smtp.Port), clock);
    }

    public async Task DisposeAsync()
    {
        await fed.DisposeAsync();
        await smtp.DisposeAsync();
    }

    [Fact]
    public async Task A_scheduled_email_to_an_address_that_bounced_before_it_fell_due_ends_suppressed_and_is_never_sent()
    {
        var body = Requests.Email("ann@example.com");
        body["sendAt"] = clock.GetUtcNow().AddHours(1).ToString("O");
        var scheduled = await client.SendAsync(body);
        ((string?)scheduled["deliveries"]![0]!["status"]).ShouldBe("scheduled");
        await BounceAsync("Ann@Example.com");

        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        var ended = await client.WaitForStatusAsync((string)scheduled["id"]!, "failed");
        ShouldBeSuppressedUnattempted(ended, attempts: 0);
        smtp.Messages.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task An_email_waiting_to_be_retried_when_its_address_bounces_ends_suppressed_and_is_not_tried_again()
    {
        smtp.AnswerNext(451, "4.3.0 Mailbox busy, try again later");
        var retrying = await client.SendAsync(Requests.Email("ann@example.com"));
        var id = (string)retrying["id"]!;
        await Eventually.GetAsync(() => client.NotificationAsync(id), n => (string?)n["deliveries"]![0]!["status"] == "retrying",
            what: "the first attempt to be answered 451");
        await BounceAsync("ann@example.com");

        clock.Advance(TimeSpan.FromDays(1));

        var ended = await client.WaitForStatusAsync(id, "failed");
        ShouldBeSuppressedUnattempted(ended, attempts: 1);
        smtp.Messages.ShouldHaveSingleItem();
    }

    /// <summary>Sends an email that SMTP accepts, then has SES report that it bounced permanently.</summary>
    private async Task BounceAsync(string address)
    {
        var sent = smtp.Messages.Count;
        await fed.BounceAsync(address);
        (await smtp.WaitForMessagesAsync(sent + 1, Eventually.DefaultTimeout)).Count.ShouldBe(sent + 1);
        (await client.GetJsonAsync("/v1/suppressions"))["items"]!.AsArray().ShouldHaveSingleItem();
    }

    private static void ShouldBeSuppressedUnattempted(JsonObject notification, int attempts)
    {
        var delivery = notification["deliveries"]!.AsArray().ShouldHaveSingleItem()!;
        ((string?)delivery["status"]).ShouldBe("suppressed");
        ((string?)delivery["lastError"]).ShouldNotBeNull().ShouldContain("bounced permanently");
        ((int?)delivery["attempts"]).ShouldBe(attempts);
    }
}

public sealed class LateSuppressionOnSqlite() : LateSuppressionTests(Engine.Sqlite);

public sealed class LateSuppressionOnPostgres() : LateSuppressionTests(Engine.Postgres);
