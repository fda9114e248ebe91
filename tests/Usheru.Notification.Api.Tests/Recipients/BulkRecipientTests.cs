using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Recipients;

/// <summary>Importing people a thousand at a time: all of a call is written, or none of it.</summary>
public abstract class BulkRecipientTests(Engine engine) : IDisposable
{
    private readonly TestService service = new(engine: engine);

    public void Dispose() => service.Dispose();

    private static JsonObject Bulk(IEnumerable<object> recipients) => new() { ["recipients"] = System.Text.Json.JsonSerializer.SerializeToNode(recipients) };

    [Fact]
    public async Task Upserts_a_thousand_recipients_in_one_call_keeping_the_preferences_of_those_that_existed()
    {
        var client = service.Client();
        await client.PutAsJsonAsync("/v1/recipients/fan-0", new { email = "old@example.com" });
        await client.PutAsJsonAsync("/v1/recipients/fan-0/preferences", new { channels = new { sms = false } });

        var response = await client.PostAsJsonAsync("/v1/recipients/bulk",
            Bulk(Enumerable.Range(0, 1000).Select(i => new { id = $"fan-{i}", email = $"fan-{i}@example.com", name = $"Fan {i}", locale = "es" })));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var counts = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        counts["created"]!.GetValue<int>().ShouldBe(999);
        counts["updated"]!.GetValue<int>().ShouldBe(1);
        var first = await client.GetJsonAsync("/v1/recipients/fan-0");
        first["email"]!.ToString().ShouldBe("fan-0@example.com");
        first["preferences"]!["channels"]!["sms"]!.GetValue<bool>().ShouldBeFalse();
        (await client.GetJsonAsync("/v1/recipients/fan-999"))["name"]!.ToString().ShouldBe("Fan 999");
    }

    [Fact]
    public async Task Writes_nothing_when_one_entry_is_invalid_and_names_its_index()
    {
        var client = service.Client();

        var response = await client.PostAsJsonAsync("/v1/recipients/bulk", Bulk(
        [
            new { id = "ok-1", email = "ok@example.com" },
            new { id = "bad-1", email = "not an address" },
            new { id = "ok-1", email = "again@example.com" },
        ]));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        errors.Select(e => e.Key).ShouldBe(["recipients[1].email", "recipients[2].id"], ignoreOrder: true);
        (await client.GetAsync("/v1/recipients/ok-1")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Refuses_more_than_a_thousand_in_one_call()
    {
        var response = await service.Client().PostAsJsonAsync("/v1/recipients/bulk",
            Bulk(Enumerable.Range(0, 1001).Select(i => new { id = $"fan-{i}" })));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["recipients"].ShouldNotBeNull();
    }
}

public sealed class BulkRecipientsOnSqlite() : BulkRecipientTests(Engine.Sqlite);

public sealed class BulkRecipientsOnPostgres() : BulkRecipientTests(Engine.Postgres);
