using Dapper;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Workflows;

/// <summary>Runs as the API reads and cancels them.</summary>
internal sealed class RunStore(IStorageEngine engine, WorkflowStore workflows, TimeProvider time)
{
    /// <summary>A notification's runs, oldest first; null when there is no such notification.</summary>
    public async Task<(IReadOnlyList<RunView> Items, string? Last)?> ListAsync(string notificationId, string? after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await engine.OpenAsync(cancellationToken);
        if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM notifications WHERE id = @notificationId", new { notificationId }, cancellationToken: cancellationToken)) == 0)
        {
            return null;
        }
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition($"""
            SELECT id, workflow_key, workflow_version, address, status, step_index, state, due_at, created_at, updated_at
              FROM workflow_runs WHERE notification_id = @notificationId{(after is null ? "" : " AND id > @after")} ORDER BY id LIMIT @take
            """, new { notificationId, after, take = limit + 1 }, cancellationToken: cancellationToken))).AsList();
        var page = rows.Take(limit).ToList();
        var states = page.ToDictionary(r => r.Id, r => StoredJson.Deserialize<RunState>(r.State));
        var deliveryIds = states.Values.SelectMany(s => s.DeliveryIds).ToArray();
        var statuses = new Dictionary<string, string>();
        foreach (var chunk in deliveryIds.Chunk(500))
        {
            foreach (var (id, status) in await connection.QueryAsync<(string, string)>(new CommandDefinition(
                $"SELECT id, status FROM deliveries WHERE id {engine.InList("@chunk")}", new { chunk }, cancellationToken: cancellationToken)))
            {
                statuses[id] = status;
            }
        }
        var views = new List<RunView>(page.Count);
        foreach (var row in page)
        {
            var body = await workflows.VersionAsync(row.WorkflowKey, (int)row.WorkflowVersion, cancellationToken);
            views.Add(row.ToView(body, states[row.Id], statuses));
        }
        return (views, rows.Count > limit ? page[^1].Id : null);
    }

    /// <summary>Cancels the unfinished runs of a workflow with a cancellation key, for some recipients or all.</summary>
    public async Task<int> CancelAsync(string workflowKey, string cancellationKey, IReadOnlyList<string>? recipientIds, CancellationToken cancellationToken)
    {
        var where = "workflow_key = @workflowKey AND cancellation_key = @cancellationKey"
            + (recipientIds is null ? "" : $" AND recipient_id {engine.InList("@recipientIds")}");
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = await engine.BeginWriteAsync(cancellationToken);
                var cancelled = await RunEnding.EndAsync(engine, scope, where, new { workflowKey, cancellationKey, recipientIds = recipientIds?.ToArray() },
                    RunStatus.Cancelled, time.Now(), cancellationToken);
                await scope.CommitAsync(cancellationToken);
                return cancelled;
            }
            catch (Npgsql.PostgresException ex) when (ex.SqlState == "40P01" && attempt < 3)
            {
                // Cancelling a run whose delivery is finishing at that moment: the other side has gone on; so can this.
            }
        }
    }

    private sealed class Row
    {
        public string Id { get; init; } = "";
        public string WorkflowKey { get; init; } = "";
        public long WorkflowVersion { get; init; }
        public string Address { get; init; } = "";
        public string Status { get; init; } = "";
        public long StepIndex { get; init; }
        public string State { get; init; } = "";
        public long? DueAt { get; init; }
        public long CreatedAt { get; init; }
        public long UpdatedAt { get; init; }

        public RunView ToView(WorkflowBody body, RunState state, IReadOnlyDictionary<string, string> statuses)
        {
            var address = StoredJson.Deserialize<RunAddress>(Address);
            var unfinished = Status is RunStatus.Running or RunStatus.Waiting;
            return new RunView(Id, WorkflowKey, address.RecipientId, address.DirectTo, Status,
                unfinished && StepIndex < body.Steps.Count ? body.Steps[(int)StepIndex].Id : null,
                Status == RunStatus.Waiting ? UnixTime.FromUnixMs(DueAt) : null,
                state.Reason, UnixTime.FromUnixMs(CreatedAt), UnixTime.FromUnixMs(UpdatedAt),
                [.. body.Steps.Select(s =>
                {
                    var progress = state.Steps.GetValueOrDefault(s.Id!);
                    // A step an ended run never reached, or left waiting, never will be done.
                    var status = !unfinished && progress is null or { Status: StepProgress.Waiting } ? StepStatus.Skipped : StepStatus.Of(progress, statuses);
                    return new RunStepView(s.Id!, s.Type!, status, progress?.Deliveries is [var first, ..] ? first : null, progress?.Reason);
                })]);
        }
    }
}
