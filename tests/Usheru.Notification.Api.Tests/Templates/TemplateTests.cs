using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Templates;

public abstract class TemplateTests(Engine engine) : IDisposable
{
    private readonly TestService service = new(engine: engine);

    public void Dispose() => service.Dispose();

    public static JsonObject TicketsOnSale() => JsonNode.Parse("""
        {
          "name": "Tickets on sale",
          "category": "marketing",
          "channels": {
            "email": { "subject": "Tickets for {{ film }} are on sale", "text": "Hi {{ recipient.name }}, book now.", "html": "<p>Book {{ film }}</p>" },
            "sms": { "text": "Tickets for {{ film }} are on sale" },
            "inbox": { "title": "{{ film }}: tickets on sale", "url": "https://usheru.com/f/{{ slug }}" }
          },
          "locales": {
            "es": {
              "email": { "subject": "Entradas para {{ film }} a la venta", "text": "Hola {{ recipient.name }}." },
              "sms": { "text": "¡Entradas para {{ film }} a la venta!" }
            },
            "es-MX": { "email": { "subject": "¡Boletos para {{ film }} ya a la venta!", "text": "Hola {{ recipient.name }}." } }
          }
        }
        """)!.AsObject();

    [Fact]
    public async Task Creates_a_template_with_201_replaces_it_with_200_and_shows_it()
    {
        var client = service.Client();

        var created = await client.PutAsJsonAsync("/v1/templates/tickets-on-sale", TicketsOnSale());
        var body = TicketsOnSale();
        body["name"] = "Tickets are on sale";
        var replaced = await client.PutAsJsonAsync("/v1/templates/tickets-on-sale", body);

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        replaced.StatusCode.ShouldBe(HttpStatusCode.OK);
        var shown = await client.GetJsonAsync("/v1/templates/tickets-on-sale");
        shown["name"]!.ToString().ShouldBe("Tickets are on sale");
        shown["category"]!.ToString().ShouldBe("marketing");
        shown["locales"]!["es-MX"]!["email"]!["subject"]!.ToString().ShouldStartWith("¡Boletos");
    }

    [Fact]
    public async Task Refuses_a_broken_template_with_the_field_line_and_column_and_stores_nothing()
    {
        var client = service.Client();
        var body = TicketsOnSale();
        body["locales"]!["es"]!["sms"]!["text"] = "Entradas\npara {{ film ";

        var response = await client.PutAsJsonAsync("/v1/templates/tickets-on-sale", body);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        problem["errors"]!["locales.es.sms.text"]![0]!.ToString().ShouldContain("(2:");
        (await client.GetAsync("/v1/templates/tickets-on-sale")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("es-MX", "¡Boletos para Dune ya a la venta!", "¡Entradas para Dune a la venta!", "es-MX", "es")]
    [InlineData("es-ES", "Entradas para Dune a la venta", "¡Entradas para Dune a la venta!", "es", "es")]
    [InlineData("es", "Entradas para Dune a la venta", "¡Entradas para Dune a la venta!", "es", "es")]
    [InlineData("fr-FR", "Tickets for Dune are on sale", "Tickets for Dune are on sale", null, null)]
    [InlineData(null, "Tickets for Dune are on sale", "Tickets for Dune are on sale", null, null)]
    public async Task Previews_each_channel_in_the_nearest_locale_falling_back_channel_by_channel(
        string? locale, string subject, string sms, string? emailLocale, string? smsLocale)
    {
        var client = service.Client();
        await client.PutAsJsonAsync("/v1/templates/tickets-on-sale", TicketsOnSale());

        var preview = await client.PostAsJsonAsync("/v1/templates/tickets-on-sale/preview",
            new { data = new { film = "Dune", slug = "dune" }, locale, recipient = new { name = "Ana" } });

        var channels = (await preview.Content.ReadFromJsonAsync<JsonObject>())!["channels"]!;
        channels["email"]!["subject"]!.ToString().ShouldBe(subject);
        ((string?)channels["email"]!["locale"]).ShouldBe(emailLocale);
        channels["sms"]!["text"]!.ToString().ShouldBe(sms);
        ((string?)channels["sms"]!["locale"]).ShouldBe(smsLocale);
        channels["inbox"]!["url"]!.ToString().ShouldBe("https://usheru.com/f/dune");
    }

    [Theory]
    [InlineData("Tickets for Dune are on sale", "GSM-7", 28, 1)]
    [InlineData("Price: 10€ {today}", "GSM-7", 21, 1)]
    [InlineData("¡Entradas para Dune a la venta!", "GSM-7", 31, 1)]
    [InlineData("Entradas para Dune 🎬", "UCS-2", 21, 1)]
    [InlineData("Ça commence à 20h — réservez", "UCS-2", 28, 1)]
    public async Task Reports_the_sms_encoding_length_and_segments(string text, string encoding, int length, int segments)
    {
        var client = service.Client();
        var template = new JsonObject { ["channels"] = new JsonObject { ["sms"] = new JsonObject { ["text"] = "{{ text }}" } } };
        await client.PutAsJsonAsync("/v1/templates/sms-only", template);

        var preview = await client.PostAsJsonAsync("/v1/templates/sms-only/preview", new { data = new { text } });

        var sms = (await preview.Content.ReadFromJsonAsync<JsonObject>())!["channels"]!["sms"]!;
        sms["encoding"]!.ToString().ShouldBe(encoding);
        sms["length"]!.GetValue<int>().ShouldBe(length);
        sms["segments"]!.GetValue<int>().ShouldBe(segments);
    }

    [Theory]
    [InlineData(160, "GSM-7", 1)]
    [InlineData(161, "GSM-7", 2)]
    [InlineData(306, "GSM-7", 2)]
    [InlineData(307, "GSM-7", 3)]
    public async Task Splits_long_sms_texts_into_concatenated_segments(int characters, string encoding, int segments)
    {
        var client = service.Client();
        var template = new JsonObject { ["channels"] = new JsonObject { ["sms"] = new JsonObject { ["text"] = new string('a', characters) } } };
        await client.PutAsJsonAsync("/v1/templates/long", template);

        var sms = (await (await client.PostAsJsonAsync("/v1/templates/long/preview", new { })).Content.ReadFromJsonAsync<JsonObject>())!["channels"]!["sms"]!;

        sms["encoding"]!.ToString().ShouldBe(encoding);
        sms["segments"]!.GetValue<int>().ShouldBe(segments);
    }

    [Theory]
    [InlineData("Bad Key", """{"channels":{"sms":{"text":"x"}}}""", "key")]
    [InlineData("ok", """{"channels":{}}""", "channels")]
    [InlineData("ok", """{"category":"spam","channels":{"sms":{"text":"x"}}}""", "category")]
    [InlineData("ok", """{"channels":{"sms":{"text":"x"}},"locales":{"not a locale":{"sms":{"text":"y"}}}}""", "locales.not a locale")]
    [InlineData("ok", """{"channels":{"email":{"text":"no subject"}}}""", "channels.email.subject")]
    public async Task Answers_bad_templates_with_a_400_problem(string key, string body, string field)
    {
        var response = await service.Client().PutAsync($"/v1/templates/{Uri.EscapeDataString(key)}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]![field].ShouldNotBeNull();
    }

    [Fact]
    public async Task Answers_an_unknown_template_with_404()
    {
        var client = service.Client();

        (await client.GetAsync("/v1/templates/nope")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.PostAsJsonAsync("/v1/templates/nope/preview", new { })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.PostAsJsonAsync("/v1/notifications", new { to = new[] { new { email = "a@example.com" } }, template = "nope" }))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}

public sealed class TemplatesOnSqlite() : TemplateTests(Engine.Sqlite);

public sealed class TemplatesOnPostgres() : TemplateTests(Engine.Postgres);
