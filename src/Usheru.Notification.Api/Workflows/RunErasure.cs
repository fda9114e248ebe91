using Dapper;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Workflows;

/// <summary>
/// A recipient's erasure, for workflows: their unfinished runs are cancelled, and what runs, digests
/// and throttles kept of them (the id, the data of their digests) is removed.
/// </summary>
internal static class RunErasure
{
    public static async Task EraseAsync(IStorageEngine engine, WriteScope scope, string recipientId, long now, CancellationToken cancellationToken)
    {
        await RunEnding.EndAsync(engine, scope, "recipient_id = @recipientId", new { recipientId }, RunStatus.Cancelled, now, cancellationToken);
        await scope.Connection.ExecuteAsync(new CommandDefinition("""
            DELETE FROM workflow_digest_items WHERE run_id IN (SELECT id FROM workflow_runs WHERE recipient_id = @recipientId);
            DELETE FROM workflow_throttle_passes WHERE run_id IN (SELECT id FROM workflow_runs WHERE recipient_id = @recipientId);
            DELETE FROM workflow_throttles WHERE throttle_key = @recipientId;
            DELETE FROM workflow_replacements WHERE recipient_key = @recipientId;
            UPDATE workflow_digests SET recipient_key = 'erased' WHERE recipient_key = @recipientId;
            UPDATE workflow_runs SET recipient_id = NULL, recipient_key = 'erased', address = '{}' WHERE recipient_id = @recipientId;
            """, new { recipientId }, scope.Transaction, cancellationToken: cancellationToken));
    }
}
