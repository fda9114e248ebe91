using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Hostile;

/// <summary>What strict input still lets through, as JSON allows it.</summary>
public abstract class StrictJsonTests(Engine engine) : IDisposable
{
    private readonly TestService service = new(engine: engine);

    public void Dispose() => service.Dispose();

    [Fact]
    public async Task Keeps_data_keys_that_differ_only_in_case_as_two_keys()
    {
        var client = service.Client();
        var body = """{"to":[{"email":"ann@example.com"}],"content":{"email":{"subject":"s","text":"{{ film }} / {{ Film }}"}},"data":{"film":"Dune","Film":"DUNE"},"metadata":{"k":1,"K":2}}""";

        var response = await client.PostAsync("/v1/notifications", new StringContent(body, Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var shown = await client.NotificationAsync((string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!);
        shown["metadata"]!.ToJsonString().ShouldBe("""{"k":1,"K":2}""");
    }

    [Fact]
    public async Task Accepts_a_body_that_starts_with_a_byte_order_mark_and_keeps_every_character()
    {
        var client = service.Client();
        var json = """{"email":"ann@example.com","name":"Zoë 🎬 Ñandú"}""";

        var response = await client.PutAsync("/v1/recipients/zoe", new ByteArrayContent([.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(json)])
        {
            Headers = { { "Content-Type", "application/json" } },
        });

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        ((string?)(await client.GetJsonAsync("/v1/recipients/zoe"))["name"]).ShouldBe("Zoë 🎬 Ñandú");
    }
}

public sealed class StrictJsonOnSqlite() : StrictJsonTests(Engine.Sqlite);

public sealed class StrictJsonOnPostgres() : StrictJsonTests(Engine.Postgres);
