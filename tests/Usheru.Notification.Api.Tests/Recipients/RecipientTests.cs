using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using MimeKit;
using Usheru.Notification.Api.Storage;
using Usheru.Notification.Api.Tests.Support;
using Usheru.Notification.Api.Tests.Templates;

namespace Usheru.Notification.Api.Tests.Recipients;

public abstract class RecipientTests(Engine engine) : IDisposable
{
    private readonly TestService service = new(engine: engine);

    public void Dispose() => service.Dispose();

    private async Task PutRecipientAsync(string id, object details) =>
        (await service.Client().PutAsJsonAsync($"/v1/recipients/{id}", details)).EnsureSuccessStatusCode();

    [Fact]
    public async Task Creates_a_recipient_with_201_updates_it_with_200_and_shows_it()
    {
        var client = service.Client();

        var created = await client.PutAsJsonAsync("/v1/recipients/user-123", new { email = "ann@example.com", name = "Ann", locale = "en-IE", timezone = "Europe/Dublin" });
        var updated = await client.PutAsJsonAsync("/v1/recipients/user-123", new { email = "ann@example.org", name = "Ann", phone = "+353871234567" });

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        updated.StatusCode.ShouldBe(HttpStatusCode.OK);
        var shown = await client.GetJsonAsync("/v1/recipients/user-123");
        shown["email"]!.ToString().ShouldBe("ann@example.org");
        shown["phone"]!.ToString().ShouldBe("+353871234567");
    }

    [Theory]
    [InlineData("user-1", """{"email":"not-an-email"}""", "email")]
    [InlineData("user-1", """{"phone":"0871234567"}""", "phone")]
    [InlineData("user-1", """{"locale":"spanish please"}""", "locale")]
    [InlineData("user-1", """{"timezone":"Mars/Olympus"}""", "timezone")]
    [InlineData("user 1", """{"email":"ann@example.com"}""", "id")]
    public async Task Answers_bad_recipient_details_with_a_400_problem_and_stores_nothing(string id, string body, string field)
    {
        var client = service.Client();

        var response = await client.PutAsync($"/v1/recipients/{Uri.EscapeDataString(id)}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]![field].ShouldNotBeNull();
        (await client.GetAsync($"/v1/recipients/{Uri.EscapeDataString(id)}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Answers_preferences_for_an_unknown_recipient_with_404_and_unknown_channels_with_400()
    {
        var client = service.Client();
        await PutRecipientAsync("user-1", new { email = "a@example.com" });

        (await client.PutAsJsonAsync("/v1/recipients/nobody/preferences", new { channels = new { email = false } })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.PutAsJsonAsync("/v1/recipients/user-1/preferences", new { channels = new { fax = false } })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.PutAsJsonAsync("/v1/recipients/user-1/preferences", new { categories = new { spam = false } })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Sends_a_template_in_the_recipients_locale()
    {
        var client = service.Client();
        await client.PutAsJsonAsync("/v1/templates/tickets-on-sale", TemplateTests.TicketsOnSale());
        await PutRecipientAsync("user-mx", new { email = "ana@example.com", name = "Ana", locale = "es-MX" });

        var accepted = await client.SendAsync(new JsonObject
        {
            ["to"] = new JsonArray(new JsonObject { ["recipientId"] = "user-mx" }),
            ["template"] = "tickets-on-sale",
            ["channels"] = new JsonArray("email"),
            ["data"] = new JsonObject { ["film"] = "Dune" },
        });
        var delivery = accepted["deliveries"]![0]!;
        await client.WaitForStatusAsync((string)accepted["id"]!, "completed");

        var email = await MimeMessage.LoadAsync(Path.Combine(service.Outbox, $"{delivery["id"]}.eml"));
        email.Subject.ShouldBe("¡Boletos para Dune ya a la venta!");
        email.TextBody!.ShouldContain("Hola Ana.");
        email.To.Mailboxes.Single().Address.ShouldBe("ana@example.com");
    }

    [Fact]
    public async Task Erases_a_recipient_cancelling_pending_deliveries_and_keeping_only_a_hashed_audit_entry()
    {
        var client = service.Client();
        await PutRecipientAsync("user-gdpr", new { email = "gdpr@example.com", name = "Grace" });
        var accepted = await client.SendAsync(new JsonObject
        {
            ["to"] = new JsonArray(new JsonObject { ["recipientId"] = "user-gdpr" }),
            ["content"] = new JsonObject { ["email"] = new JsonObject { ["subject"] = "Hi {{ recipient.name }}", ["text"] = "For gdpr@example.com" } },
            ["sendAt"] = DateTimeOffset.UtcNow.AddDays(1).ToString("O"),
        });

        var erase = await client.DeleteAsync("/v1/recipients/user-gdpr");

        erase.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await client.GetAsync("/v1/recipients/user-gdpr")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var notification = await client.NotificationAsync((string)accepted["id"]!);
        notification["status"]!.ToString().ShouldBe("cancelled");
        notification["deliveries"]![0]!["status"]!.ToString().ShouldBe("cancelled");
        notification.ToJsonString().ShouldNotContain("gdpr@example.com");
        await using var connection = await service.Service<IStorageEngine>().OpenAsync(CancellationToken.None);
        var everything = string.Join('\n', (await connection.QueryAsync("SELECT * FROM deliveries")).Concat(await connection.QueryAsync("SELECT * FROM audit_log"))
            .Cast<IDictionary<string, object?>>().SelectMany(r => r.Values).Select(v => v?.ToString()));
        everything.ShouldNotContain("gdpr@example.com");
        everything.ShouldNotContain("Grace");
        everything.ShouldNotContain("user-gdpr");
        everything.ShouldContain(Usheru.Notification.Api.Recipients.RecipientStore.SubjectHash("user-gdpr"));
        (await client.DeleteAsync("/v1/recipients/user-gdpr")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}

public sealed class RecipientsOnSqlite() : RecipientTests(Engine.Sqlite);

public sealed class RecipientsOnPostgres() : RecipientTests(Engine.Postgres);
