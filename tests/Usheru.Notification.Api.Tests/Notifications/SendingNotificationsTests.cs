using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Notifications;

public abstract class SendingNotificationsTests(Engine engine) : IDisposable
{
    private readonly TestService service = new(engine: engine);

    public void Dispose() => service.Dispose();

    [Fact]
    public async Task Accepts_a_notification_with_202_a_location_and_one_queued_delivery_per_address()
    {
        var body = Requests.Email();
        body["to"]!.AsArray().Add(new JsonObject { ["email"] = "bob@example.com" });

        var response = await service.Client().PostAsJsonAsync("/v1/notifications", body);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var json = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        ((string)json["id"]!).ShouldStartWith("ntf_");
        response.Headers.Location!.ToString().ShouldBe($"/v1/notifications/{json["id"]}");
        json["status"]!.ToString().ShouldBe("accepted");
        var deliveries = json["deliveries"]!.AsArray();
        deliveries.Select(d => (string)d!["to"]!).ShouldBe(["ann@example.com", "bob@example.com"]);
        deliveries.ShouldAllBe(d => (string)d!["status"]! == "queued" && ((string)d["id"]!).StartsWith("dlv_"));
    }

    [Fact]
    public async Task Makes_every_one_of_many_concurrent_notifications_readable_as_soon_as_it_is_accepted()
    {
        var client = service.Client();

        var accepted = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            var id = (string)(await client.SendAsync(Requests.Email($"fan{i}@example.com")))["id"]!;
            // Read back at once: a 202 is only given once the write is committed.
            return (await client.GetAsync($"/v1/notifications/{id}")).StatusCode == HttpStatusCode.OK ? id : null;
        }));

        accepted.ShouldAllBe(id => id != null);
        accepted.Distinct().Count().ShouldBe(200);
    }

    [Fact]
    public async Task Shows_a_sent_notification_with_its_delivery_details()
    {
        var client = service.Client();
        var accepted = await client.SendAsync(Requests.Email());

        var notification = await client.WaitForStatusAsync((string)accepted["id"]!, "completed");

        notification["category"]!.ToString().ShouldBe("transactional");
        var delivery = notification["deliveries"]![0]!;
        delivery["status"]!.ToString().ShouldBe("sent");
        ((int)delivery["attempts"]!).ShouldBe(1);
        delivery["sentAt"].ShouldNotBeNull();
        delivery["lastError"].ShouldBeNull();
    }

    [Fact]
    public async Task Schedules_a_notification_with_a_future_send_at_and_lets_it_be_cancelled()
    {
        var client = service.Client();
        var body = Requests.Email();
        body["sendAt"] = DateTimeOffset.UtcNow.AddHours(1).ToString("O");
        var accepted = await client.SendAsync(body);
        accepted["status"]!.ToString().ShouldBe("scheduled");
        var id = (string)accepted["id"]!;

        var cancel = await client.PostAsync($"/v1/notifications/{id}/cancel", null);

        cancel.StatusCode.ShouldBe(HttpStatusCode.OK);
        var cancelled = (await cancel.Content.ReadFromJsonAsync<JsonObject>())!;
        cancelled["status"]!.ToString().ShouldBe("cancelled");
        cancelled["deliveries"]![0]!["status"]!.ToString().ShouldBe("cancelled");
        (await client.PostAsync($"/v1/notifications/{id}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Lists_notifications_newest_first_in_pages_that_follow_the_cursor()
    {
        var client = service.Client();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((string)(await client.SendAsync(Requests.Email()))["id"]!);
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await client.GetJsonAsync($"/v1/notifications?limit=2{(cursor is null ? "" : $"&cursor={cursor}")}");
            page["items"]!.AsArray().Count.ShouldBeLessThanOrEqualTo(2);
            seen.AddRange(page["items"]!.AsArray().Select(n => (string)n!["id"]!));
            cursor = (string?)page["nextCursor"];
        }
        while (cursor is not null);

        seen.ShouldBe(Enumerable.Reverse(ids));
    }

    [Fact]
    public async Task Filters_the_list_by_status()
    {
        var client = service.Client();
        var body = Requests.Email();
        body["sendAt"] = DateTimeOffset.UtcNow.AddDays(1).ToString("O");
        var scheduled = (string)(await client.SendAsync(body))["id"]!;
        var sent = (string)(await client.SendAsync(Requests.Email()))["id"]!;
        await client.WaitForStatusAsync(sent, "completed");

        var page = await client.GetJsonAsync("/v1/notifications?status=scheduled");

        page["items"]!.AsArray().Select(n => (string)n!["id"]!).ShouldBe([scheduled]);
    }
}

public sealed class SendingNotificationsOnSqlite() : SendingNotificationsTests(Engine.Sqlite);

public sealed class SendingNotificationsOnPostgres() : SendingNotificationsTests(Engine.Postgres);
