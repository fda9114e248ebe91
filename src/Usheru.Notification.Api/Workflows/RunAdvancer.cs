using System.Text;
using Dapper;
using Microsoft.Extensions.Options;
using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Notifications;
using Usheru.Notification.Api.Recipients;
using Usheru.Notification.Api.Storage;
using Usheru.Notification.Api.Templates;

namespace Usheru.Notification.Api.Workflows;

/// <summary>
/// Advances a claimed batch of runs in one transaction: the runs whose lease is still held are
/// locked, stepped, and written back with the deliveries their sends made, so a step and what it
/// sends commit together or not at all. A batch that deadlocks with another instance's is tried
/// again; one that fails otherwise is split, so one bad run cannot hold the others back.
/// </summary>
internal sealed class RunAdvancer(
    IStorageEngine engine,
    WorkflowStore workflows,
    TemplateStore templates,
    RecipientStore recipients,
    ChannelCatalog available,
    Unsubscribe.UnsubscribeLinks unsubscribeLinks,
    IOptions<WorkflowOptions> options,
    TimeProvider time,
    ILogger<RunAdvancer> logger)
{
    public async Task AdvanceAsync(IReadOnlyList<ClaimedRun> runs, CancellationToken cancellationToken)
    {
        // One order for every instance, so two batches lock the same digests and throttles in turn.
        var ordered = runs.OrderBy(r => r.Address.Key, StringComparer.Ordinal).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
        var inputs = await RunInputs.LoadAsync(ordered, workflows, templates, recipients, unsubscribeLinks, available, options, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await AdvanceInTransactionAsync(ordered, inputs, cancellationToken);
                return;
            }
            catch (Npgsql.PostgresException ex) when (ex.SqlState is "40P01" or "40001" && attempt < 3)
            {
                logger.LogInformation("Advancing {Count} runs met a concurrent transaction ({SqlState}); trying again", runs.Count, ex.SqlState);
            }
            catch (Exception ex) when (ordered.Count > 1 && ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Advancing {Count} runs together failed; advancing them one by one", runs.Count);
                foreach (var run in ordered)
                {
                    await AdvanceAsync([run], cancellationToken);
                }
                return;
            }
            catch (Exception ex) when (ex is not (OperationCanceledException or System.Data.Common.DbException or TimeoutException))
            {
                logger.LogError(ex, "Run {RunId} could not be advanced; it fails", ordered[0].Id);
                await FailAsync(ordered[0], cancellationToken);
                return;
            }
        }
    }

    private async Task AdvanceInTransactionAsync(List<ClaimedRun> runs, RunInputs inputs, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var scope = await engine.BeginWriteAsync(cancellationToken);
        var held = (await scope.Connection.QueryAsync<string>(new CommandDefinition($"""
            SELECT id FROM workflow_runs WHERE id {engine.InList("@ids")} AND lease_token = @token AND status IN {RunStatus.Unfinished}
             ORDER BY id {engine.RowLockClause}
            """, new { ids = runs.Select(r => r.Id).ToArray(), token = runs[0].LeaseToken }, scope.Transaction, cancellationToken: cancellationToken))).ToHashSet();
        var mine = runs.Where(r => held.Contains(r.Id)).ToList();
        await inputs.ReadDeliveriesAsync(engine, scope, mine);
        var stepper = new RunStepper(scope, engine, inputs, now);
        var results = new List<RunResult>(mine.Count);
        foreach (var run in mine)
        {
            results.Add(await stepper.AdvanceAsync(run));
        }
        foreach (var made in results.Where(r => r.Deliveries.Count > 0).GroupBy(r => (r.Run.NotificationId, r.Run.Category)))
        {
            await NotificationWriter.InsertDeliveriesAsync(engine, scope, made.Key.NotificationId, made.Key.Category, [.. made.SelectMany(r => r.Deliveries)], null, now,
                cancellationToken);
        }
        await RecordAsync(scope, results, now.ToUnixMs(), cancellationToken);
        await NotificationStatus.RefreshAsync(engine, scope, results.Where(r => r.Ended).Select(r => r.Run.NotificationId).Distinct(), now.ToUnixMs(),
            cancellationToken);
        if (results.Any(r => r.Deliveries.Any(d => !d.Ended)))
        {
            await engine.AnnounceWorkAsync(scope, cancellationToken);
        }
        await scope.CommitAsync(cancellationToken);
    }

    /// <summary>Writes each run's new status, step, state and due time, and gives up its lease.</summary>
    private static async Task RecordAsync(WriteScope scope, IReadOnlyList<RunResult> results, long now, CancellationToken cancellationToken)
    {
        foreach (var chunk in MultiRowInsert.FixedChunks(results))
        {
            var sql = new StringBuilder("""
                UPDATE workflow_runs
                   SET status = v.column3, step_index = CAST(v.column4 AS INTEGER), state = v.column5, due_at = CAST(v.column6 AS BIGINT),
                       waiting_for = v.column7, lease_token = NULL, updated_at = @now
                  FROM (VALUES
                """);
            var parameters = new DynamicParameters(new { now });
            MultiRowInsert.AppendValues(sql, parameters, [.. chunk.Select(r => new object?[]
            {
                r.Run.Id, r.Run.LeaseToken, r.Status, r.StepIndex, StoredJson.Serialize(r.State), r.DueAt?.ToUnixMs(), r.WaitingFor,
            })]);
            sql.Append(") AS v WHERE id = v.column1 AND lease_token = v.column2");
            await scope.Connection.ExecuteAsync(new CommandDefinition(sql.ToString(), parameters, scope.Transaction, cancellationToken: cancellationToken));
        }
    }

    /// <summary>A run that cannot be advanced at all (its stored state is unreadable, say) ends as failed rather than being tried for ever.</summary>
    private async Task FailAsync(ClaimedRun run, CancellationToken cancellationToken)
    {
        await using var scope = await engine.BeginWriteAsync(cancellationToken);
        await RunEnding.EndAsync(engine, scope, "id = @id AND lease_token = @token", new { id = run.Id, token = run.LeaseToken }, RunStatus.Failed,
            time.Now(), cancellationToken);
        await scope.CommitAsync(cancellationToken);
    }
}
