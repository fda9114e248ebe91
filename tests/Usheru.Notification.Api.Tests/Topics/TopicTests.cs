using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Topics;

public abstract class TopicTests(Engine engine) : IDisposable
{
    private readonly TestService service = new(engine: engine);

    public void Dispose() => service.Dispose();

    private async Task<HttpClient> WithRecipientsAsync(params string[] ids)
    {
        var client = service.Client();
        foreach (var id in ids)
        {
            (await client.PutAsJsonAsync($"/v1/recipients/{id}", new { name = id })).EnsureSuccessStatusCode();
        }
        return client;
    }

    private static JsonObject ToTopics(params JsonObject[] to) => new()
    {
        ["to"] = new JsonArray([.. to]),
        ["content"] = new JsonObject { ["inbox"] = new JsonObject { ["title"] = "Tickets for {{ film }} on sale" } },
        ["data"] = new JsonObject { ["film"] = "Dune" },
    };

    [Fact]
    public async Task Creates_a_topic_subscribes_in_bulk_lists_in_pages_and_unsubscribes()
    {
        var client = await WithRecipientsAsync("a", "b", "c");

        (await client.PutAsJsonAsync("/v1/topics/film:dune:tickets", new { name = "Dune tickets" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await client.PutAsJsonAsync("/v1/topics/film:dune:tickets", new { name = "Dune: tickets" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var added = await client.PostAsJsonAsync("/v1/topics/film:dune:tickets/subscribers", new { recipientIds = new[] { "a", "b", "c" } });
        var again = await client.PostAsJsonAsync("/v1/topics/film:dune:tickets/subscribers", new { recipientIds = new[] { "a", "b" } });

        (await added.Content.ReadFromJsonAsync<JsonObject>())!["added"]!.GetValue<int>().ShouldBe(3);
        (await again.Content.ReadFromJsonAsync<JsonObject>())!["added"]!.GetValue<int>().ShouldBe(0);
        var first = await client.GetJsonAsync("/v1/topics/film:dune:tickets/subscribers?limit=2");
        var second = await client.GetJsonAsync($"/v1/topics/film:dune:tickets/subscribers?limit=2&cursor={first["nextCursor"]}");
        first["items"]!.AsArray().Select(s => (string)s!["recipientId"]!).Concat(second["items"]!.AsArray().Select(s => (string)s!["recipientId"]!))
            .ShouldBe(["a", "b", "c"]);
        second["nextCursor"].ShouldBeNull();
        (await client.DeleteAsync("/v1/topics/film:dune:tickets/subscribers/b")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await client.DeleteAsync("/v1/topics/film:dune:tickets/subscribers/b")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetJsonAsync("/v1/topics/film:dune:tickets/subscribers"))["items"]!.AsArray().Count.ShouldBe(2);
    }

    [Fact]
    public async Task Refuses_to_subscribe_unknown_recipients_or_to_unknown_topics_and_subscribes_nobody()
    {
        var client = await WithRecipientsAsync("a");
        await client.PutAsJsonAsync("/v1/topics/news", new { });

        var unknownRecipient = await client.PostAsJsonAsync("/v1/topics/news/subscribers", new { recipientIds = new[] { "a", "ghost" } });
        var unknownTopic = await client.PostAsJsonAsync("/v1/topics/nope/subscribers", new { recipientIds = new[] { "a" } });
        var badKey = await client.PutAsJsonAsync("/v1/topics/not%20a%20key", new { });

        unknownRecipient.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        unknownTopic.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        badKey.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.GetJsonAsync("/v1/topics/news/subscribers"))["items"]!.AsArray().ShouldBeEmpty();
        (await client.PostAsJsonAsync("/v1/notifications", ToTopics(new JsonObject { ["topic"] = "nope" }))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Sends_once_to_a_person_on_two_of_the_topics_and_addressed_directly_too()
    {
        var client = await WithRecipientsAsync("ann", "bob", "cat", "dan");
        await client.PutAsJsonAsync("/v1/topics/film:dune:tickets", new { });
        await client.PutAsJsonAsync("/v1/topics/cinema:42:news", new { });
        await client.PostAsJsonAsync("/v1/topics/film:dune:tickets/subscribers", new { recipientIds = new[] { "ann", "bob", "cat" } });
        await client.PostAsJsonAsync("/v1/topics/cinema:42:news/subscribers", new { recipientIds = new[] { "bob", "cat", "dan" } });

        var accepted = await client.SendAsync(ToTopics(
            new JsonObject { ["topic"] = "film:dune:tickets" }, new JsonObject { ["topic"] = "cinema:42:news" }, new JsonObject { ["recipientId"] = "cat" }));
        accepted["status"]!.ToString().ShouldBe("accepted");

        var done = await client.WaitForStatusAsync((string)accepted["id"]!, "completed");
        done["fanout"]!["done"]!.GetValue<bool>().ShouldBeTrue();
        done["deliveries"]!.AsArray().Select(d => (string)d!["to"]!).Order().ShouldBe(["ann", "bob", "cat", "dan"]);
        foreach (var person in new[] { "ann", "bob", "cat", "dan" })
        {
            (await client.GetJsonAsync($"/v1/recipients/{person}/inbox"))["items"]!.AsArray().Count.ShouldBe(1);
        }
    }

    [Fact]
    public async Task Stops_a_fan_out_when_the_notification_is_cancelled()
    {
        var client = await WithRecipientsAsync("ann");
        await client.PutAsJsonAsync("/v1/topics/later", new { });
        await client.PostAsJsonAsync("/v1/topics/later/subscribers", new { recipientIds = new[] { "ann" } });
        var body = ToTopics(new JsonObject { ["topic"] = "later" });
        body["sendAt"] = DateTimeOffset.UtcNow.AddDays(1).ToString("O");
        var accepted = await client.SendAsync(body);

        var cancel = await client.PostAsync($"/v1/notifications/{accepted["id"]}/cancel", null);

        cancel.StatusCode.ShouldBe(HttpStatusCode.OK);
        var shown = await client.NotificationAsync((string)accepted["id"]!);
        shown["fanout"]!["done"]!.GetValue<bool>().ShouldBeTrue();
        shown["deliveries"]!.AsArray().ShouldAllBe(d => (string)d!["status"]! == "cancelled");
    }
}

public sealed class TopicsOnSqlite() : TopicTests(Engine.Sqlite);

public sealed class TopicsOnPostgres() : TopicTests(Engine.Postgres);
