using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Hostile;

/// <summary>
/// A template that only explodes with one recipient's own data is found out at fan-out, not at
/// accept time: that recipient's delivery fails for good with the limit named, everyone else gets
/// theirs, and the fan-out worker goes on to the next notification.
/// </summary>
public abstract class TemplateBombAtFanoutTests(Engine engine) : IDisposable
{
    private readonly TestService service = new(engine: engine);

    public void Dispose() => service.Dispose();

    [Fact]
    public async Task Fails_only_the_delivery_whose_recipient_data_sets_off_a_template_bomb()
    {
        var client = service.Client();
        (await client.PutAsJsonAsync("/v1/templates/seat-list", JsonNode.Parse("""
            { "channels": { "email": { "subject": "Your seats", "text": "{% for a in recipient.data.seats %}{% for b in recipient.data.seats %}{% for c in recipient.data.seats %}{% endfor %}{% endfor %}{% endfor %}Enjoy the film" } } }
            """))).EnsureSuccessStatusCode();
        (await client.PutAsJsonAsync("/v1/recipients/ann", new { email = "ann@example.com", data = new { seats = new[] { 7 } } })).EnsureSuccessStatusCode();
        (await client.PutAsJsonAsync("/v1/recipients/mallory", new { email = "mallory@example.com", data = new { seats = Enumerable.Range(0, 1000) } })).EnsureSuccessStatusCode();
        (await client.PutAsJsonAsync("/v1/topics/film:dune", new { name = "Dune" })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/v1/topics/film:dune/subscribers", new { recipientIds = new[] { "ann", "mallory" } })).EnsureSuccessStatusCode();

        var bombed = await client.SendAsync(new JsonObject { ["to"] = new JsonArray(new JsonObject { ["topic"] = "film:dune" }), ["template"] = "seat-list" });
        var ended = await client.WaitForStatusAsync((string)bombed["id"]!, "completed", TimeSpan.FromSeconds(30));
        var next = await client.SendAsync(new JsonObject
        {
            ["to"] = new JsonArray(new JsonObject { ["topic"] = "film:dune" }),
            ["content"] = new JsonObject { ["email"] = new JsonObject { ["subject"] = "Tickets", ["text"] = "On sale" } },
        });
        var nextEnded = await client.WaitForStatusAsync((string)next["id"]!, "completed", TimeSpan.FromSeconds(30));

        var deliveries = ended["deliveries"]!.AsArray().ToDictionary(d => (string)d!["to"]!, d => d!);
        ((string?)deliveries["ann@example.com"]["status"]).ShouldBe("sent");
        ((string?)deliveries["mallory@example.com"]["status"]).ShouldBe("failed");
        var reason = (string)deliveries["mallory@example.com"]["lastError"]!;
        reason.ShouldStartWith("template.channels.email.text: ");
        reason.ShouldMatch(@"\(Templates:(MaxSteps|MaxRenderTime)\)\.$");
        nextEnded["deliveries"]!.AsArray().Select(d => (string?)d!["status"]).ShouldAllBe(s => s == "sent");
        (await client.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

public sealed class TemplateBombAtFanoutOnSqlite() : TemplateBombAtFanoutTests(Engine.Sqlite);

public sealed class TemplateBombAtFanoutOnPostgres() : TemplateBombAtFanoutTests(Engine.Postgres);
