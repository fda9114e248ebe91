using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using Usheru.Notification.Api.Tests.Support;
using Xunit.Abstractions;

namespace Usheru.Notification.Api.Tests.SystemTests;

/// <summary>
/// Workflow runs are durable work on the delivery rails: a run waiting in a delay survives kill -9,
/// is resumed by exactly one of several instances, and a digest gathers the triggers that two
/// instances received into exactly one email.
/// </summary>
[Collection(ServiceProcesses.Name)]
public sealed class WorkflowDurabilityTests(PostgresCluster cluster, ITestOutputHelper output) : IClassFixture<PostgresCluster>
{
    private const int KilledBySigKill = 128 + 9;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Runs_waiting_in_a_delay_when_the_only_instance_is_killed_each_send_once_when_two_new_instances_resume_them()
    {
        await using var smtp = SlowSmtpServer.Start();
        using var database = new SharedDatabase(cluster);
        var settings = ProcessSettings.For(smtp, ("Delivery:LeaseSeconds", "5"));
        string notificationId;
        await using (var doomed = await database.StartInstanceAsync(output, settings))
        {
            await StoreAsync(doomed.Http, "later", Delay("PT8S"), SendEmail("See you soon"));
            notificationId = await TriggerAsync(doomed.Http, "later", Fans(200));
            await Eventually.GetAsync(() => RunCountsAsync(database), c => c.GetValueOrDefault("waiting") == 200, Patience, "200 runs to wait in the delay");
            doomed.Kill();
            (await doomed.WaitForExitAsync(Patience)).ShouldBe(KilledBySigKill);
        }
        smtp.Messages.ShouldBeEmpty();

        await using var a = await database.StartInstanceAsync(output, settings);
        await using var b = await database.StartInstanceAsync(output, settings);
        await Eventually.GetAsync(() => a.Http.NotificationAsync(notificationId), n => (string?)n["status"] == "completed", Patience, "the trigger to complete",
            TimeSpan.FromSeconds(1));

        var emails = await smtp.WaitForMessagesAsync(200, Patience);
        output.WriteLine($"{Arrivals.Of(emails)}; runs {ServiceData.Describe(await RunCountsAsync(database))}; deliveries {ServiceData.Describe(await database.DeliveryCountsAsync())}");
        emails.Select(m => m.To.ToString()).Distinct().Count().ShouldBe(200);
        ServiceData.Describe(await database.DeliveryCountsAsync()).ShouldBe("200 sent");
        smtp.Messages.Count.ShouldBe(200);
    }

    [Fact]
    public async Task Runs_waiting_in_a_delay_survive_a_kill_9_of_the_embedded_instance_and_each_send_once_after_the_restart()
    {
        await using var smtp = SlowSmtpServer.Start();
        using var data = new ServiceData();
        var settings = ProcessSettings.For(smtp, ("Delivery:LeaseSeconds", "5"));
        string notificationId;
        await using (var doomed = await ServiceProcess.StartAsync(data, output, settings))
        {
            await StoreAsync(doomed.Http, "later", Delay("PT6S"), SendEmail("See you soon"));
            notificationId = await TriggerAsync(doomed.Http, "later", Fans(200));
            await Eventually.GetAsync(data.RunCountsAsync, c => c.GetValueOrDefault("waiting") == 200, Patience, "200 runs to wait in the delay");
            doomed.Kill();
            (await doomed.WaitForExitAsync(Patience)).ShouldBe(KilledBySigKill);
        }

        await using var restarted = await ServiceProcess.StartAsync(data, output, settings);
        await Eventually.GetAsync(() => restarted.Http.NotificationAsync(notificationId), n => (string?)n["status"] == "completed", Patience,
            "the trigger to complete", TimeSpan.FromSeconds(1));

        var emails = await smtp.WaitForMessagesAsync(200, Patience);
        emails.Select(m => m.To.ToString()).Distinct().Count().ShouldBe(200);
        ServiceData.Describe(await data.DeliveryCountsAsync()).ShouldBe("200 sent");
        smtp.Messages.Count.ShouldBe(200);
    }

    [Fact]
    public async Task Fifty_triggers_split_across_two_instances_make_exactly_one_digest_per_key_and_window()
    {
        await using var smtp = SlowSmtpServer.Start();
        using var database = new SharedDatabase(cluster);
        await using var service = await TwoInstancesBehindNginx.StartAsync(database, output, ProcessSettings.For(smtp));
        (await service.A.Http.PutAsJsonAsync("/v1/recipients/ann", new { email = "ann@example.com", name = "Ann" })).EnsureSuccessStatusCode();
        await StoreAsync(service.A.Http, "followed-films",
            new JsonObject { ["id"] = "gather", ["type"] = "digest", ["window"] = "PT6S", ["key"] = "{{ data.kind }}" },
            SendEmail("{{ digest.count }} {{ data.kind }}"));

        // Every trigger a request of its own, half of them to each instance, all at once.
        var wave = Enumerable.Range(0, 60).Select(i => TriggerAsync(i % 2 == 0 ? service.A.Http : service.B.Http, "followed-films",
            [new JsonObject { ["recipientId"] = "ann" }], new JsonObject { ["kind"] = i < 50 ? "releases" : "news", ["n"] = i }));
        await Task.WhenAll(wave);
        var first = await smtp.WaitForMessagesAsync(2, Patience);
        await Eventually.GetAsync(() => RunCountsAsync(database), c => c.GetValueOrDefault("waiting") + c.GetValueOrDefault("running") == 0, Patience,
            "every run of the wave to end");
        var late = await TriggerAsync(service.B.Http, "followed-films", [new JsonObject { ["recipientId"] = "ann" }], new JsonObject { ["kind"] = "releases" });
        await Eventually.GetAsync(() => service.A.Http.NotificationAsync(late), n => (string?)n["status"] == "completed", Patience, "the late digest");

        output.WriteLine($"runs {ServiceData.Describe(await RunCountsAsync(database))}");
        first.Select(m => m.Subject).ShouldBe(["50 releases", "10 news"], ignoreOrder: true);
        smtp.Messages.Select(m => m.Subject).ShouldBe(["50 releases", "10 news", "1 releases"], ignoreOrder: true);
        ServiceData.Describe(await RunCountsAsync(database)).ShouldBe("3 completed, 58 merged");
    }

    private static JsonObject Delay(string duration) => new() { ["id"] = "wait", ["type"] = "delay", ["duration"] = duration };

    private static JsonObject SendEmail(string subject) => new()
    {
        ["id"] = "tell", ["type"] = "send", ["channel"] = "email",
        ["content"] = new JsonObject { ["email"] = new JsonObject { ["subject"] = subject, ["text"] = subject } },
    };

    private static JsonObject[] Fans(int count) => [.. Enumerable.Range(0, count).Select(i => new JsonObject { ["email"] = $"fan{i}@example.com" })];

    private static async Task StoreAsync(HttpClient http, string key, params JsonObject[] steps) =>
        (await http.PutAsJsonAsync($"/v1/workflows/{key}", new JsonObject { ["steps"] = new JsonArray(steps) })).EnsureSuccessStatusCode();

    private static async Task<string> TriggerAsync(HttpClient http, string workflow, JsonObject[] to, JsonObject? data = null) =>
        (string)(await http.SendAsync(new JsonObject { ["workflow"] = workflow, ["to"] = new JsonArray(to), ["data"] = data ?? [] }))["id"]!;

    private static async Task<IReadOnlyDictionary<string, long>> RunCountsAsync(SharedDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        return (await connection.QueryAsync<(string Status, long Count)>("SELECT status, COUNT(*) FROM workflow_runs GROUP BY status"))
            .ToDictionary(r => r.Status, r => r.Count);
    }
}
