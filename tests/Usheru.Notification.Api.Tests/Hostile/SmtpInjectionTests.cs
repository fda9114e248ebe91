using System.Text.Json.Nodes;
using Usheru.Notification.Api.Tests.Channels.Email;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Hostile;

/// <summary>
/// Addresses and names with line breaks are refused at accept time (<see cref="HostileVectors"/>);
/// rendered content cannot be, since it comes from data. Here data tries to add a header through
/// the subject and to smuggle a second message through the body; on the wire to a real SMTP server
/// there is one message, to one person, with the text where it belongs.
/// </summary>
public abstract class SmtpInjectionTests(Engine engine) : IAsyncLifetime
{
    private SmtpSink smtp = null!;
    private TestService service = null!;

    public async Task InitializeAsync()
    {
        smtp = await SmtpSink.StartAsync();
        service = new TestService(EmailSettings.Smtp(smtp.Port), engine: engine);
    }

    public async Task DisposeAsync()
    {
        service.Dispose();
        await smtp.DisposeAsync();
    }

    [Fact]
    public async Task Data_cannot_add_a_header_or_smuggle_a_second_message()
    {
        var client = service.Client();

        var accepted = await client.SendAsync(new JsonObject
        {
            ["to"] = new JsonArray(new JsonObject { ["email"] = "ann@example.com", ["name"] = "Ann" }),
            ["content"] = new JsonObject { ["email"] = new JsonObject { ["subject"] = "Tickets for {{ film }}", ["text"] = "Hello{{ tail }}" } },
            ["data"] = new JsonObject
            {
                ["film"] = "Dune\r\nBcc: eve@example.com\r\nX-Injected: yes",
                ["tail"] = "\r\n.\r\nMAIL FROM:<eve@example.com>\r\nRCPT TO:<eve@example.com>\r\nDATA\r\nSubject: smuggled\r\n\r\nsecond message\r\n.\r\n",
            },
        });
        await client.WaitForStatusAsync((string)accepted["id"]!, "completed", TimeSpan.FromSeconds(30));

        var message = smtp.Messages.ShouldHaveSingleItem();
        message.To.Mailboxes.Select(m => m.Address).ShouldBe(["ann@example.com"]);
        message.Bcc.ShouldBeEmpty();
        message.Headers.Contains("X-Injected").ShouldBeFalse();
        message.Subject!.ShouldNotContain("\n");
        message.Subject.ShouldStartWith("Tickets for Dune");
        message.TextBody!.ShouldContain("MAIL FROM:<eve@example.com>");
    }
}

public sealed class SmtpInjectionOnSqlite() : SmtpInjectionTests(Engine.Sqlite);

public sealed class SmtpInjectionOnPostgres() : SmtpInjectionTests(Engine.Postgres);
