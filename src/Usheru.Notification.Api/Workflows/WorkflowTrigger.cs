namespace Usheru.Notification.Api.Workflows;

/// <summary>A notification that triggers a workflow: which version runs, and the key a later trigger replaces its runs by.</summary>
internal sealed record WorkflowTrigger(string Key, int Version, string? CancellationKey);

/// <summary>One run to write: its id and whom it is for.</summary>
internal sealed record NewRun(string Id, RunAddress Address);
