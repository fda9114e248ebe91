using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Notifications;

/// <summary>"What happened to Ann's booking B-991?": notifications found by recipient, time and metadata.</summary>
public abstract class NotificationSearchApiTests(Engine engine) : IDisposable
{
    private readonly TestService service = new(engine: engine);

    public void Dispose() => service.Dispose();

    private async Task<string[]> FoundAsync(string query) =>
        [.. (await service.Client().GetJsonAsync($"/v1/notifications?{query}"))["items"]!.AsArray().Select(n => (string)n!["id"]!)];

    private async Task<string> SendAsync(JsonObject to, JsonObject metadata)
    {
        var body = Requests.Email();
        body["to"] = new JsonArray(to);
        body["metadata"] = metadata;
        return (string)(await service.Client().SendAsync(body))["id"]!;
    }

    /// <summary>When a notification was created, to the millisecond: its id's UUIDv7 body starts with it.</summary>
    private static DateTimeOffset CreatedAt(string id) =>
        DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(id["ntf_".Length..][..12], NumberStyles.HexNumber, CultureInfo.InvariantCulture));

    private static string At(DateTimeOffset time) => Uri.EscapeDataString(time.ToString("O", CultureInfo.InvariantCulture));

    /// <summary>Waits (polling the clock) until the next id is created in a later millisecond than <paramref name="id"/>.</summary>
    private static Task<DateTimeOffset> NextMillisecondAfterAsync(string id) =>
        Eventually.GetAsync(() => Task.FromResult(DateTimeOffset.UtcNow), now => now.ToUnixTimeMilliseconds() > CreatedAt(id).ToUnixTimeMilliseconds());

    [Fact]
    public async Task Finds_notifications_by_the_address_or_recipient_id_they_went_to()
    {
        (await service.Client().PutAsJsonAsync("/v1/recipients/fan-1", new { email = "fan@example.com" })).EnsureSuccessStatusCode();
        var ann = await SendAsync(new JsonObject { ["email"] = "ann@example.com" }, []);
        var fan = await SendAsync(new JsonObject { ["recipientId"] = "fan-1" }, []);
        await SendAsync(new JsonObject { ["email"] = "bob@example.com" }, []);

        (await FoundAsync("recipient=ann@example.com")).ShouldBe([ann]);
        (await FoundAsync("recipient=fan-1")).ShouldBe([fan]);
        (await FoundAsync("recipient=fan@example.com")).ShouldBe([fan]);
        (await FoundAsync("recipient=nobody@example.com")).ShouldBeEmpty();
        (await FoundAsync("recipient=ann")).ShouldBeEmpty("an address matches whole, not in part");
    }

    [Fact]
    public async Task Finds_notifications_created_since_and_until_a_time()
    {
        var ann = await SendAsync(new JsonObject { ["email"] = "ann@example.com" }, []);
        await NextMillisecondAfterAsync(ann);
        var bob = await SendAsync(new JsonObject { ["email"] = "bob@example.com" }, []);
        await NextMillisecondAfterAsync(bob);
        var cat = await SendAsync(new JsonObject { ["email"] = "cat@example.com" }, []);

        (await FoundAsync($"since={At(CreatedAt(ann))}")).ShouldBe([cat, bob, ann], "newest first");
        (await FoundAsync($"since={At(CreatedAt(bob))}")).ShouldBe([cat, bob]);
        (await FoundAsync($"until={At(CreatedAt(bob))}")).ShouldBe([ann], "until is exclusive");
        (await FoundAsync($"since={At(CreatedAt(bob))}&until={At(CreatedAt(cat))}")).ShouldBe([bob]);
        (await FoundAsync($"since={At(CreatedAt(cat).AddMilliseconds(1))}")).ShouldBeEmpty();
        (await FoundAsync($"until={At(CreatedAt(ann))}")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Finds_notifications_by_one_metadata_value()
    {
        var ann = await SendAsync(new JsonObject { ["email"] = "ann@example.com" }, new JsonObject { ["bookingId"] = "B-991", ["seat.row"] = "F" });
        var bob = await SendAsync(new JsonObject { ["email"] = "bob@example.com" }, new JsonObject { ["bookingId"] = "B-992", ["film"] = "B-991" });
        await SendAsync(new JsonObject { ["email"] = "cat@example.com" }, []);

        (await FoundAsync("metadata.bookingId=B-991")).ShouldBe([ann]);
        (await FoundAsync("metadata.bookingId=B-992")).ShouldBe([bob]);
        (await FoundAsync("metadata.film=B-991")).ShouldBe([bob]);
        (await FoundAsync("metadata.seat.row=F")).ShouldBe([ann], "a key with a dot in it is one key, not a path");
        (await FoundAsync("metadata.bookingId=B-993")).ShouldBeEmpty();
        (await FoundAsync("metadata.bookingId=b-991")).ShouldBeEmpty("values match exactly");
        (await FoundAsync("metadata.cinema=B-991")).ShouldBeEmpty("a value under another key does not match");
        (await FoundAsync("metadata.bookingId=B-991&recipient=bob@example.com")).ShouldBeEmpty("filters narrow together");
    }

    [Fact]
    public async Task Refuses_a_search_it_cannot_read_naming_the_field_and_finds_nothing()
    {
        foreach (var (query, field) in new[]
        {
            ("recipient=", "recipient"), ("since=yesterday", "since"), ("until=soon", "until"),
            ($"since={At(DateTimeOffset.UtcNow)}&until={At(DateTimeOffset.UtcNow.AddDays(-1))}", "until"),
            ("metadata.bookingId=B-1&metadata.film=Dune", "metadata"), ("metadata.book%20ing=B-1", "metadata"),
        })
        {
            var response = await service.Client().GetAsync($"/v1/notifications?{query}");

            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, query);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]![field].ShouldNotBeNull(query);
        }
    }
}

public sealed class NotificationSearchApiOnSqlite() : NotificationSearchApiTests(Engine.Sqlite);

public sealed class NotificationSearchApiOnPostgres() : NotificationSearchApiTests(Engine.Postgres);
