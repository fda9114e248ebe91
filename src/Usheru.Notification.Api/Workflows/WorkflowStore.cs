using System.Collections.Concurrent;
using Dapper;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Workflows;

/// <summary>
/// Stored workflows. Replacing one adds a version: runs keep the version they were triggered with,
/// so a run half-way through is never re-read against steps it did not start with. Versions never
/// change once written, so they are cached.
/// </summary>
internal sealed class WorkflowStore(IStorageEngine engine, TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Key, int Version), WorkflowBody> versions = new();

    /// <summary>Stores <paramref name="body"/> as the workflow's newest version; true when the workflow was created.</summary>
    public async Task<(StoredWorkflow Workflow, bool Created)> PutAsync(string key, WorkflowBody body, CancellationToken cancellationToken)
    {
        var now = time.Now();
        await using var scope = await engine.BeginWriteAsync(cancellationToken);
        var current = await scope.Connection.QuerySingleOrDefaultAsync<(long Version, long CreatedAt)?>(new CommandDefinition(
            $"SELECT version, created_at FROM workflows WHERE workflow_key = @key {engine.RowLockClause}", new { key }, scope.Transaction,
            cancellationToken: cancellationToken));
        var version = (int)(current?.Version ?? 0) + 1;
        await scope.Connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO workflow_versions (workflow_key, version, body, created_at) VALUES (@key, @version, @body, @now);
            INSERT INTO workflows (workflow_key, version, created_at, updated_at) VALUES (@key, @version, @now, @now)
            ON CONFLICT (workflow_key) DO UPDATE SET version = @version, updated_at = @now;
            """, new { key, version, body = StoredJson.Serialize(body), now }, scope.Transaction, cancellationToken: cancellationToken));
        await scope.CommitAsync(cancellationToken);
        var created = UnixTime.FromUnixMs(current?.CreatedAt ?? now);
        return (new StoredWorkflow(key, body.Name, body.Category, body.Steps, version, created, UnixTime.FromUnixMs(now)), current is null);
    }

    public async Task<StoredWorkflow?> GetAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await engine.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"{Select} WHERE w.workflow_key = @key",
            new { key }, cancellationToken: cancellationToken));
        return row?.ToWorkflow();
    }

    public async Task<(IReadOnlyList<StoredWorkflow> Items, string? Last)> ListAsync(string? after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await engine.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(
            $"{Select}{(after is null ? "" : " WHERE w.workflow_key > @after")} ORDER BY w.workflow_key LIMIT @take",
            new { after, take = limit + 1 }, cancellationToken: cancellationToken))).AsList();
        var page = rows.Take(limit).Select(r => r.ToWorkflow()).ToList();
        return (page, rows.Count > limit ? page[^1].Key : null);
    }

    /// <summary>The steps of one version, as runs of it read them.</summary>
    public async Task<WorkflowBody> VersionAsync(string key, int version, CancellationToken cancellationToken)
    {
        if (versions.TryGetValue((key, version), out var cached))
        {
            return cached;
        }
        await using var connection = await engine.OpenAsync(cancellationToken);
        var body = StoredJson.Deserialize<WorkflowBody>(await connection.QuerySingleAsync<string>(new CommandDefinition(
            "SELECT body FROM workflow_versions WHERE workflow_key = @key AND version = @version", new { key, version },
            cancellationToken: cancellationToken)));
        return versions.GetOrAdd((key, version), body);
    }

    private const string Select = """
        SELECT w.workflow_key, w.version, v.body, w.created_at, w.updated_at
          FROM workflows w JOIN workflow_versions v ON v.workflow_key = w.workflow_key AND v.version = w.version
        """;

    private sealed class Row
    {
        public string WorkflowKey { get; init; } = "";
        public long Version { get; init; }
        public string Body { get; init; } = "";
        public long CreatedAt { get; init; }
        public long UpdatedAt { get; init; }

        public StoredWorkflow ToWorkflow()
        {
            var body = StoredJson.Deserialize<WorkflowBody>(Body);
            return new(WorkflowKey, body.Name, body.Category, body.Steps, (int)Version, UnixTime.FromUnixMs(CreatedAt), UnixTime.FromUnixMs(UpdatedAt));
        }
    }
}
