namespace Usheru.Notification.Api.Workflows;

/// <summary>A run as the worker holds it between claim and the transaction that advances it, with its notification's data.</summary>
internal sealed record ClaimedRun(
    string Id,
    string NotificationId,
    string WorkflowKey,
    int WorkflowVersion,
    RunAddress Address,
    int StepIndex,
    RunState State,
    string LeaseToken,
    string Category,
    string DataJson);
