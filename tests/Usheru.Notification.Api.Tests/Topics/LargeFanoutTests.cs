using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Usheru.Notification.Api.Storage;
using Usheru.Notification.Api.Tests.Support;
using Usheru.Notification.Api.Tests.SystemTests;

namespace Usheru.Notification.Api.Tests.Topics;

/// <summary>
/// A topic followed by 100,000 people, across two overlapping topics: everyone gets exactly one
/// delivery and the service's memory stays flat while it expands them. Run alone, so the memory
/// readings are the service's own.
/// </summary>
[Collection(ServiceProcesses.Name)]
public abstract class LargeFanoutTests(Engine engine) : IDisposable
{
    private const int People = 100_000;
    private readonly TestService service = new(engine: engine);

    public void Dispose() => service.Dispose();

    [Fact]
    public async Task Fans_a_hundred_thousand_followers_out_once_each_in_flat_memory()
    {
        var client = service.Client();
        await CreatePeopleAsync();
        await client.PutAsJsonAsync("/v1/topics/film:dune:tickets", new { });
        await client.PutAsJsonAsync("/v1/topics/cinema:42:news", new { });
        // 60,000 on each topic, 20,000 on both: 100,000 people.
        await SubscribeAsync(client, "film:dune:tickets", 0, 60_000);
        await SubscribeAsync(client, "cinema:42:news", 40_000, 100_000);
        var baseline = Managed();

        var accepted = await client.SendAsync(new JsonObject
        {
            ["to"] = new JsonArray(new JsonObject { ["topic"] = "film:dune:tickets" }, new JsonObject { ["topic"] = "cinema:42:news" }),
            ["content"] = new JsonObject { ["inbox"] = new JsonObject { ["title"] = "Tickets for {{ film }} are on sale, {{ recipient.name }}" } },
            ["data"] = new JsonObject { ["film"] = "Dune: Part Three" },
            // Scheduled, so the test measures the fan-out, not the sending.
            ["sendAt"] = DateTimeOffset.UtcNow.AddDays(1).ToString("O"),
        });
        var peak = baseline;
        var done = await Eventually.GetAsync(async () =>
        {
            peak = Math.Max(peak, Managed());
            return await client.NotificationAsync((string)accepted["id"]!);
        }, n => n["fanout"]!["done"]!.GetValue<bool>(), TimeSpan.FromMinutes(4), "the fan-out to finish", longestPause: TimeSpan.FromSeconds(1));

        done["fanout"]!["recipients"]!.GetValue<long>().ShouldBe(People);
        done["deliveryCounts"]!["scheduled"]!.GetValue<long>().ShouldBe(People);
        await using var connection = await service.Service<IStorageEngine>().OpenAsync(CancellationToken.None);
        (await connection.ExecuteScalarAsync<long>("SELECT COUNT(DISTINCT recipient_id) FROM deliveries")).ShouldBe(People);
        // Holding every follower at once would take hundreds of megabytes; batches of 500 take a few.
        ((peak - baseline) / (1024 * 1024)).ShouldBeLessThan(100);
    }

    private async Task CreatePeopleAsync()
    {
        var engineInUse = service.Service<IStorageEngine>();
        await using var scope = await engineInUse.BeginWriteAsync(CancellationToken.None);
        await MultiRowInsert.ExecuteAsync(scope, "recipients", ["id", "name", "data", "preferences", "created_at", "updated_at"],
            [.. Enumerable.Range(0, People).Select(i => new object?[] { Id(i), $"Fan {i}", "{}", """{"channels":{},"categories":{}}""", 0L, 0L })],
            CancellationToken.None);
        await scope.CommitAsync(CancellationToken.None);
    }

    private static async Task SubscribeAsync(HttpClient client, string topic, int from, int to)
    {
        for (var start = from; start < to; start += 1000)
        {
            var ids = Enumerable.Range(start, Math.Min(1000, to - start)).Select(Id).ToArray();
            (await client.PostAsJsonAsync($"/v1/topics/{topic}/subscribers", new { recipientIds = ids })).EnsureSuccessStatusCode();
        }
    }

    private static string Id(int i) => $"fan-{i:D6}";

    private static long Managed() => GC.GetTotalMemory(forceFullCollection: false);
}

public sealed class LargeFanoutOnSqlite() : LargeFanoutTests(Engine.Sqlite);

public sealed class LargeFanoutOnPostgres() : LargeFanoutTests(Engine.Postgres);
