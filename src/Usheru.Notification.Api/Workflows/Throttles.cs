using Dapper;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Workflows;

/// <summary>
/// Throttle steps, inside the transaction that advances the run: the key's row is locked while its
/// passes within the period are counted and this one added, so runs on any number of instances
/// together never pass more than the limit.
/// </summary>
internal static class Throttles
{
    /// <summary>True when the run may pass; false when <c>limit</c> runs already passed within <c>per</c>.</summary>
    public static async Task<bool> TryPassAsync(IStorageEngine engine, WriteScope scope, ClaimedRun run, WorkflowStep step, string throttleKey,
        TimeSpan per, DateTimeOffset now)
    {
        var key = new { run.WorkflowKey, stepId = step.Id, throttleKey };
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO workflow_throttles (workflow_key, step_id, throttle_key) VALUES (@WorkflowKey, @stepId, @throttleKey) ON CONFLICT DO NOTHING",
            key, scope.Transaction));
        await scope.Connection.ExecuteAsync(new CommandDefinition($"""
            SELECT 1 FROM workflow_throttles WHERE workflow_key = @WorkflowKey AND step_id = @stepId AND throttle_key = @throttleKey {engine.RowLockClause}
            """, key, scope.Transaction));
        var args = new { key.WorkflowKey, key.stepId, key.throttleKey, since = (now - per).ToUnixMs(), now = now.ToUnixMs(), runId = run.Id };
        await scope.Connection.ExecuteAsync(new CommandDefinition("""
            DELETE FROM workflow_throttle_passes
             WHERE workflow_key = @WorkflowKey AND step_id = @stepId AND throttle_key = @throttleKey AND passed_at <= @since
            """, args, scope.Transaction));
        var passed = await scope.Connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            SELECT COUNT(*) FROM workflow_throttle_passes WHERE workflow_key = @WorkflowKey AND step_id = @stepId AND throttle_key = @throttleKey
            """, args, scope.Transaction));
        if (passed >= step.Limit)
        {
            return false;
        }
        await scope.Connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO workflow_throttle_passes (workflow_key, step_id, throttle_key, passed_at, run_id)
            VALUES (@WorkflowKey, @stepId, @throttleKey, @now, @runId)
            """, args, scope.Transaction));
        return true;
    }
}
