using System.Text.Json.Nodes;
using Dapper;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Workflows;

/// <summary>
/// Digest steps, inside the transaction that advances the run. Opening is an insert that the unique
/// index on open digests lets succeed for one run only; every other run finds the open digest, locks
/// it, counts itself in and ends as merged. Closing takes the same lock, so a run merging at that
/// moment either gets in before the close or, finding it closed, opens the next digest.
/// </summary>
internal static class Digests
{
    public sealed record Joined(string DigestId, string OpenerRunId, bool Opened, DateTimeOffset ClosesAt);

    public static async Task<Joined> JoinAsync(IStorageEngine engine, WriteScope scope, ClaimedRun run, WorkflowStep step, string digestKey,
        TimeSpan window, DateTimeOffset now)
    {
        var maxItems = step.MaxItems ?? WorkflowStep.DefaultMaxItems;
        var key = new { run.WorkflowKey, stepId = step.Id, recipientKey = run.Address.Key, digestKey };
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var id = Ids.New(Ids.Digest);
            var closesAt = now + window;
            var opened = await scope.Connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO workflow_digests (id, workflow_key, step_id, recipient_key, digest_key, run_id, item_count, opened_at, closes_at)
                VALUES (@id, @WorkflowKey, @stepId, @recipientKey, @digestKey, @runId, 1, @now, @closesAt)
                ON CONFLICT DO NOTHING
                """, new { id, key.WorkflowKey, key.stepId, key.recipientKey, key.digestKey, runId = run.Id, now = now.ToUnixMs(), closesAt = closesAt.ToUnixMs() },
                scope.Transaction));
            if (opened == 1)
            {
                await AddItemAsync(scope, id, 1, run);
                return new Joined(id, run.Id, true, closesAt);
            }
            var open = await scope.Connection.QuerySingleOrDefaultAsync<(string Id, string RunId, long ItemCount, long ClosesAt)?>(new CommandDefinition($"""
                SELECT id, run_id, item_count, closes_at FROM workflow_digests
                 WHERE workflow_key = @WorkflowKey AND step_id = @stepId AND recipient_key = @recipientKey AND digest_key = @digestKey AND closed_at IS NULL
                {engine.RowLockClause}
                """, key, scope.Transaction));
            if (open is { } digest)
            {
                await scope.Connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE workflow_digests SET item_count = item_count + 1 WHERE id = @Id", new { digest.Id }, scope.Transaction));
                if (digest.ItemCount < maxItems)
                {
                    await AddItemAsync(scope, digest.Id, digest.ItemCount + 1, run);
                }
                return new Joined(digest.Id, digest.RunId, false, UnixTime.FromUnixMs(digest.ClosesAt));
            }
            // Closed between the insert and the look: the next attempt opens the next digest.
        }
        throw new InvalidOperationException($"Could neither open nor join the digest of run {run.Id}.");
    }

    public static Task CloseAsync(WriteScope scope, string digestId, DateTimeOffset now) =>
        scope.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE workflow_digests SET closed_at = @now WHERE id = @digestId AND closed_at IS NULL", new { digestId, now = now.ToUnixMs() }, scope.Transaction));

    /// <summary>What templates see as <c>digest</c>: <c>count</c> (every run merged, the opener included) and <c>items</c> (their data, oldest first).</summary>
    public static async Task<JsonObject> ReadAsync(WriteScope scope, string digestId, int maxItems)
    {
        var count = await scope.Connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT item_count FROM workflow_digests WHERE id = @digestId", new { digestId }, scope.Transaction));
        var items = await scope.Connection.QueryAsync<string>(new CommandDefinition(
            "SELECT data FROM workflow_digest_items WHERE digest_id = @digestId ORDER BY seq LIMIT @maxItems", new { digestId, maxItems }, scope.Transaction));
        return new JsonObject { ["count"] = count, ["items"] = new JsonArray([.. items.Select(i => JsonNode.Parse(i))]) };
    }

    private static Task<int> AddItemAsync(WriteScope scope, string digestId, long seq, ClaimedRun run) =>
        scope.Connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO workflow_digest_items (digest_id, seq, run_id, data) VALUES (@digestId, @seq, @runId, @data)",
            new { digestId, seq, runId = run.Id, data = run.DataJson }, scope.Transaction));
}
