using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Channels.Inbox;

public abstract class InboxTests(Engine engine) : IDisposable
{
    private readonly TestService service = new(engine: engine);

    public void Dispose() => service.Dispose();

    public static JsonObject InboxNotification(string recipientId, string title = "{{ film }}: tickets on sale") => new()
    {
        ["to"] = new JsonArray(new JsonObject { ["recipientId"] = recipientId }),
        ["content"] = new JsonObject { ["inbox"] = new JsonObject { ["title"] = title, ["body"] = "Book now", ["url"] = "https://usheru.com/dune" } },
        ["data"] = new JsonObject { ["film"] = "Dune" },
    };

    [Fact]
    public async Task Puts_a_notification_in_the_inbox_and_lets_it_be_marked_read()
    {
        var client = service.Client();
        await client.PutAsJsonAsync("/v1/recipients/fan-1", new { name = "Fan" });
        var accepted = await client.SendAsync(InboxNotification("fan-1"));
        await client.WaitForStatusAsync((string)accepted["id"]!, "completed");

        var unread = await client.GetJsonAsync("/v1/recipients/fan-1/inbox?unread=true");
        var item = unread["items"]!.AsArray().Single()!;
        item["title"]!.ToString().ShouldBe("Dune: tickets on sale");
        item["notificationId"]!.ToString().ShouldBe((string)accepted["id"]!);
        item["readAt"].ShouldBeNull();

        var read = await client.PostAsync($"/v1/recipients/fan-1/inbox/{item["id"]}/read", null);
        var again = await client.PostAsync($"/v1/recipients/fan-1/inbox/{item["id"]}/read", null);

        read.StatusCode.ShouldBe(HttpStatusCode.OK);
        var readAt = (await read.Content.ReadFromJsonAsync<JsonObject>())!["readAt"]!.ToString();
        (await again.Content.ReadFromJsonAsync<JsonObject>())!["readAt"]!.ToString().ShouldBe(readAt);
        (await client.GetJsonAsync("/v1/recipients/fan-1/inbox?unread=true"))["items"]!.AsArray().ShouldBeEmpty();
        (await client.GetJsonAsync("/v1/recipients/fan-1/inbox"))["items"]!.AsArray().Count.ShouldBe(1);
        (await client.PostAsync("/v1/recipients/fan-1/inbox/inb_0198f7d1c0a27a4c9b3e2f1d0c9b8a76/read", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Streams_a_new_item_to_a_connected_client_as_it_arrives()
    {
        var client = service.Client();
        await client.PutAsJsonAsync("/v1/recipients/fan-2", new { name = "Fan" });
        await using var stream = await InboxFeed.OpenAsync(service.Client(), "fan-2");
        stream.Response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");

        var accepted = await client.SendAsync(InboxNotification("fan-2"));
        var received = await stream.NextAsync("inbox.item", TimeSpan.FromSeconds(10));

        var item = InboxFeed.Data(received);
        item["notificationId"]!.ToString().ShouldBe((string)accepted["id"]!);
        received.EventId.ShouldBe((string)item["id"]!);
    }

    [Fact]
    public async Task Replays_what_a_reconnecting_client_missed_after_its_last_event_id()
    {
        var client = service.Client();
        await client.PutAsJsonAsync("/v1/recipients/fan-3", new { name = "Fan" });
        var first = await client.SendAsync(InboxNotification("fan-3", "first"));
        await client.WaitForStatusAsync((string)first["id"]!, "completed");
        var firstItem = (await client.GetJsonAsync("/v1/recipients/fan-3/inbox"))["items"]![0]!["id"]!.ToString();
        var second = await client.SendAsync(InboxNotification("fan-3", "second"));
        await client.WaitForStatusAsync((string)second["id"]!, "completed");

        await using var stream = await InboxFeed.OpenAsync(service.Client(), "fan-3", lastEventId: firstItem);

        InboxFeed.Data(await stream.NextAsync("inbox.item", TimeSpan.FromSeconds(10)))["title"]!.ToString().ShouldBe("second");
    }

    [Fact]
    public async Task Answers_a_stream_for_an_unknown_recipient_with_404()
    {
        (await service.Client().GetAsync("/v1/recipients/ghost/inbox/stream")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}

public sealed class InboxOnSqlite() : InboxTests(Engine.Sqlite);

public sealed class InboxOnPostgres() : InboxTests(Engine.Postgres);
