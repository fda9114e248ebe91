using Usheru.Notification.Api.Notifications;

namespace Usheru.Notification.Api.Workflows;

/// <summary>Where one advance left a run: its status, the step it stands at, when it is next due or which delivery it waits for, and the deliveries it made.</summary>
internal sealed record RunResult(
    ClaimedRun Run,
    string Status,
    int StepIndex,
    RunState State,
    DateTimeOffset? DueAt,
    string? WaitingFor,
    IReadOnlyList<NewDelivery> Deliveries)
{
    public bool Ended => Status is not (RunStatus.Running or RunStatus.Waiting);
}
