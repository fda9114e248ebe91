using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Workflows;

/// <summary>
/// Writes a trigger's runs inside the caller's transaction (the accepted notification's, or a
/// fan-out batch's). With a cancellation key, each run takes its (workflow, recipient, key) row
/// first, then replaces the unfinished runs that row named before: concurrent triggers queue on that
/// row, so the one that commits last is the one left running.
/// </summary>
internal static class RunWriter
{
    private static readonly string[] Columns =
    [
        "id", "notification_id", "workflow_key", "workflow_version", "recipient_key", "recipient_id", "address", "cancellation_key",
        "status", "step_index", "state", "due_at", "created_at", "updated_at",
    ];

    private const string EmptyState = """{"steps":{}}""";

    public static async Task InsertAsync(IStorageEngine engine, WriteScope scope, string notificationId, WorkflowTrigger trigger, IReadOnlyList<NewRun> runs,
        long dueAt, long now, CancellationToken cancellationToken)
    {
        if (runs.Count == 0)
        {
            return;
        }
        await MultiRowInsert.ExecuteAsync(scope, "workflow_runs", Columns,
            [.. runs.Select(r => new object?[]
            {
                r.Id, notificationId, trigger.Key, trigger.Version, r.Address.Key, r.Address.RecipientId, StoredJson.Serialize(r.Address),
                trigger.CancellationKey, dueAt > now ? RunStatus.Waiting : RunStatus.Running, 0, EmptyState, dueAt, now, now,
            })], cancellationToken);
        if (trigger.CancellationKey is { } cancellationKey)
        {
            await MultiRowInsert.ExecuteAsync(scope, "workflow_replacements", ["workflow_key", "recipient_key", "cancellation_key", "run_id"],
                [.. runs.Select(r => new object?[] { trigger.Key, r.Address.Key, cancellationKey, r.Id })], cancellationToken,
                "ON CONFLICT (workflow_key, recipient_key, cancellation_key) DO UPDATE SET run_id = excluded.run_id");
            await RunEnding.EndAsync(engine, scope,
                $"workflow_key = @key AND cancellation_key = @cancellationKey AND recipient_key {engine.InList("@recipients")} AND NOT (id {engine.InList("@ids")})",
                new { key = trigger.Key, cancellationKey, recipients = runs.Select(r => r.Address.Key).ToArray(), ids = runs.Select(r => r.Id).ToArray() },
                RunStatus.Replaced, now, cancellationToken);
        }
        await engine.AnnounceRunsAsync(scope, cancellationToken);
    }
}
