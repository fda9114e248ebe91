using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.Logging;
using Usheru.Notification.Api.Storage;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Hostile;

/// <summary>
/// The workflow worker meeting a stored run it cannot read (an address that does not parse) once
/// ended for good: workflows stopped on the instance while the API carried on. Now it is logged,
/// the worker restarts, and later runs still advance.
/// </summary>
public abstract class WorkflowWorkerRestartTests : IDisposable
{
    private readonly CapturedLogs logs = new();
    private readonly TestService service;

    protected WorkflowWorkerRestartTests(Engine engine) => service = new TestService(engine: engine, services: logs.Register);

    public void Dispose() => service.Dispose();

    [Fact]
    public async Task A_workflow_worker_that_meets_a_corrupt_run_logs_it_restarts_and_later_runs_still_advance()
    {
        var client = service.Client();
        (await client.PutAsJsonAsync("/v1/workflows/welcome", new JsonObject
        {
            ["steps"] = new JsonArray(new JsonObject
            {
                ["id"] = "tell", ["type"] = "send", ["channel"] = "email",
                ["content"] = new JsonObject { ["email"] = new JsonObject { ["subject"] = "Welcome", ["text"] = "Hello" } },
            }),
        })).EnsureSuccessStatusCode();
        // Due since the epoch, so the worker claims it with the next batch.
        var corrupt = "ntf_" + new string('0', 32);
        await using (var scope = await service.Service<IStorageEngine>().BeginWriteAsync(CancellationToken.None))
        {
            await scope.Connection.ExecuteAsync("""
                INSERT INTO notifications (id, api_key_id, status, category, data, metadata, created_at) VALUES (@corrupt, 'bootstrap', 'accepted', 'transactional', '{}', '{}', 0);
                INSERT INTO workflow_runs (id, notification_id, workflow_key, workflow_version, recipient_key, address, status, state, due_at, created_at, updated_at)
                VALUES ('run_corrupt', @corrupt, 'welcome', 1, 'ann', '{ not an address', 'waiting', '{}', 0, 0, 0);
                """, new { corrupt }, scope.Transaction);
            await scope.CommitAsync(CancellationToken.None);
        }

        // A trigger wakes the worker, which claims the corrupt run and throws.
        await TriggerAsync(client);
        var logged = await logs.WaitForAsync(l => l.Category.EndsWith("WorkflowWorker", StringComparison.Ordinal) && l.Level == LogLevel.Error,
            "the workflow worker to log what it met");
        logged.Message.ShouldContain("restarting");

        var later = await TriggerAsync(client);
        var runs = await Eventually.GetAsync(
            async () => (await client.GetJsonAsync($"/v1/notifications/{later}/runs"))["items"]!.AsArray(),
            items => items.Count == 1 && (string?)items[0]!["status"] == "completed", what: "a later run to complete");

        ((string?)runs[0]!["status"]).ShouldBe("completed");
        (await client.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static async Task<string> TriggerAsync(HttpClient client) => (string)(await client.SendAsync(new JsonObject
    {
        ["workflow"] = "welcome",
        ["to"] = new JsonArray(new JsonObject { ["email"] = "ann@example.com" }),
    }))["id"]!;
}

public sealed class WorkflowWorkerRestartOnSqlite() : WorkflowWorkerRestartTests(Engine.Sqlite);

public sealed class WorkflowWorkerRestartOnPostgres() : WorkflowWorkerRestartTests(Engine.Postgres);
