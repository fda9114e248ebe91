using Dapper;
using Usheru.Notification.Api.Notifications;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Workflows;

/// <summary>
/// Ends unfinished runs from outside (cancelled, replaced, their recipient erased) inside the
/// caller's transaction: the run stops where it is, the deliveries its sends queued that have not
/// started go with it, and the notifications they belong to are brought up to date. A run the worker
/// is advancing at that moment holds its row; this waits for it and then ends only what is still
/// unfinished, so every run ends once, one way.
/// </summary>
internal static class RunEnding
{
    private const int Chunk = 500;

    /// <summary>Ends the unfinished runs that <paramref name="where"/> selects; returns how many.</summary>
    public static async Task<int> EndAsync(IStorageEngine engine, WriteScope scope, string where, object parameters, string status,
        long now, CancellationToken cancellationToken)
    {
        var args = new DynamicParameters(parameters);
        args.AddDynamicParams(new { status, now });
        var ended = (await scope.Connection.QueryAsync<(string Id, string NotificationId, string State)>(new CommandDefinition($"""
            UPDATE workflow_runs SET status = @status, due_at = NULL, lease_token = NULL, waiting_for = NULL, updated_at = @now
             WHERE {where} AND status IN {RunStatus.Unfinished}
            RETURNING id, notification_id, state
            """, args, scope.Transaction, cancellationToken: cancellationToken))).AsList();
        if (ended.Count == 0)
        {
            return 0;
        }
        // A digest its opener no longer waits for would hold the key open for ever: it ends with it.
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE workflow_digests SET closed_at = @now WHERE run_id {engine.InList("@ids")} AND closed_at IS NULL",
            new { ids = ended.Select(r => r.Id).ToArray(), now }, scope.Transaction, cancellationToken: cancellationToken));
        var deliveries = ended.SelectMany(r => StoredJson.Deserialize<RunState>(r.State).DeliveryIds).ToArray();
        foreach (var chunk in deliveries.Chunk(Chunk))
        {
            await scope.Connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE deliveries SET status = 'cancelled' WHERE id {engine.InList("@chunk")} AND status IN ('queued', 'scheduled', 'retrying')",
                new { chunk }, scope.Transaction, cancellationToken: cancellationToken));
        }
        await NotificationStatus.RefreshAsync(engine, scope, ended.Select(r => r.NotificationId).Distinct(), now, cancellationToken);
        return ended.Count;
    }
}
