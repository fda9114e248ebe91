using System.Net;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using Usheru.Notification.Api.Storage;
using Usheru.Notification.Api.Storage.Postgres;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Storage;

/// <summary>What only the shared-database engine has to get right: many instances, one database.</summary>
public sealed class PostgresTests
{
    private static Dictionary<string, string?> On(string connectionString, int concurrency = 64) => new()
    {
        ["Storage:Provider"] = "postgres",
        ["Storage:ConnectionString"] = connectionString,
        ["Delivery:Concurrency"] = concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task Instances_starting_at_once_apply_each_migration_exactly_once()
    {
        var database = PostgresServer.Instance.CreateDatabase();
        var engines = Enumerable.Range(0, 4)
            .Select(_ => new PostgresEngine(Options.Create(new StorageOptions { Provider = "postgres", ConnectionString = database })))
            .ToList();

        await Task.WhenAll(engines.Select(e => e.MigrateAsync(CancellationToken.None)));

        await using var connection = new NpgsqlConnection(database);
        (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations")).ShouldBe(SchemaMigrations.All.Count);
        foreach (var engine in engines)
        {
            await engine.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_idle_instance_is_woken_by_work_accepted_on_another_instance()
    {
        var database = PostgresServer.Instance.CreateDatabase();
        await using var receiver = await WebhookReceiver.StartAsync();
        using var apiOnly = new TestService(On(database, concurrency: 0), engine: Engine.Postgres);
        using var worker = new TestService(On(database), engine: Engine.Postgres);
        var client = apiOnly.Client();
        var (endpointId, _) = await client.CreateWebhookEndpointAsync(receiver.Url.ToString());

        var accepted = await client.SendAsync(Requests.Webhook(endpointId));

        // The worker's fallback wake-up is a whole lease (60 s) away: arriving well within the
        // default 15 s deadline means the database's NOTIFY woke it.
        await client.WaitForStatusAsync((string)accepted["id"]!, "completed");
        receiver.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Streams_an_inbox_item_to_a_client_connected_to_another_instance()
    {
        var database = PostgresServer.Instance.CreateDatabase();
        using var worker = new TestService(On(database), engine: Engine.Postgres);
        using var apiOnly = new TestService(On(database, concurrency: 0), engine: Engine.Postgres);
        var client = worker.Client();
        await System.Net.Http.Json.HttpClientJsonExtensions.PutAsJsonAsync(client, "/v1/recipients/fan-x", new { name = "Fan" });
        // The item is written by the worker's instance; the stream is held by the other one.
        await using var stream = await InboxFeed.OpenAsync(apiOnly.Client(), "fan-x");

        var accepted = await client.SendAsync(Channels.Inbox.InboxTests.InboxNotification("fan-x"));

        var item = InboxFeed.Data(await stream.NextAsync("inbox.item", TimeSpan.FromSeconds(10)));
        item["notificationId"]!.ToString().ShouldBe((string)accepted["id"]!);
    }

    [Fact]
    public async Task Reports_not_ready_and_answers_503_while_the_database_is_gone()
    {
        var database = PostgresServer.Instance.CreateDatabase();
        using var service = new TestService(On(database), engine: Engine.Postgres);
        var client = service.Client();
        (await client.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database) { Database = "postgres", Pooling = false }.ConnectionString))
        {
            await admin.ExecuteAsync($"DROP DATABASE {new NpgsqlConnectionStringBuilder(database).Database} WITH (FORCE)");
        }
        NpgsqlConnection.ClearAllPools();

        (await client.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        var send = await client.PostAsync("/v1/notifications", System.Net.Http.Json.JsonContent.Create(Requests.Email()));
        send.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        send.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        send.Headers.RetryAfter.ShouldNotBeNull();
    }
}
