using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Usheru.Notification.Api.Storage;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Hostile;

/// <summary>
/// A worker meeting what it cannot handle (here a stored fan-out plan that does not parse) once
/// ended the worker and, with .NET's default, the whole process. Now it is logged, the worker
/// restarts, and the work it can do gets done.
/// </summary>
public abstract class WorkerRestartTests(Engine engine) : IDisposable
{
    private readonly TestService service = new(engine: engine);

    public void Dispose() => service.Dispose();

    [Fact]
    public async Task A_fanout_worker_that_meets_a_corrupt_plan_restarts_and_the_process_stays_up()
    {
        var client = service.Client();
        (await client.PutAsJsonAsync("/v1/recipients/ann", new { email = "ann@example.com" })).EnsureSuccessStatusCode();
        (await client.PutAsJsonAsync("/v1/topics/film:dune", new { name = "Dune" })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/v1/topics/film:dune/subscribers", new { recipientIds = new[] { "ann" } })).EnsureSuccessStatusCode();
        // Sorted first, so the worker claims it before anything else.
        var corrupt = "ntf_" + new string('0', 32);
        await using (var scope = await service.Service<IStorageEngine>().BeginWriteAsync(CancellationToken.None))
        {
            await scope.Connection.ExecuteAsync("""
                INSERT INTO notifications (id, api_key_id, status, category, data, metadata, created_at) VALUES (@corrupt, 'bootstrap', 'accepted', 'transactional', '{}', '{}', 0);
                INSERT INTO fanouts (notification_id, topics, plan) VALUES (@corrupt, '["film:dune"]', '{ not a plan');
                """, new { corrupt }, scope.Transaction);
            await scope.CommitAsync(CancellationToken.None);
        }

        var sent = await client.SendAsync(new JsonObject
        {
            ["to"] = new JsonArray(new JsonObject { ["topic"] = "film:dune" }),
            ["content"] = new JsonObject { ["email"] = new JsonObject { ["subject"] = "Tickets", ["text"] = "On sale" } },
        });
        var ended = await client.WaitForStatusAsync((string)sent["id"]!, "completed", TimeSpan.FromSeconds(30));

        ((string?)ended["deliveries"]![0]!["status"]).ShouldBe("sent");
        (await client.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

public sealed class WorkerRestartOnSqlite() : WorkerRestartTests(Engine.Sqlite);

public sealed class WorkerRestartOnPostgres() : WorkerRestartTests(Engine.Postgres);
