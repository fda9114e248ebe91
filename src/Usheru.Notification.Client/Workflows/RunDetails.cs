namespace Usheru.Notification.Client;

/// <summary>One run of a workflow: one recipient's way through its steps.</summary>
/// <param name="Id">The run id, <c>run_…</c>.</param>
/// <param name="Workflow">The workflow key.</param>
/// <param name="RecipientId">The recipient it runs for; null for an address given directly, and after the recipient was erased.</param>
/// <param name="To">The address given directly; null for a recipient.</param>
/// <param name="Status">See <see cref="RunStatus"/>.</param>
/// <param name="Step">While unfinished: the id of the step it is at. Null once it has ended.</param>
/// <param name="ResumeAt">While <see cref="RunStatus.Waiting"/>: when it goes on, unless replaced or cancelled first.</param>
/// <param name="Reason">Why it ended other than completed, where the service says.</param>
/// <param name="CreatedAt">When the trigger started it.</param>
/// <param name="UpdatedAt">When its status or step last changed.</param>
/// <param name="Steps">Every step of the workflow version it runs, in order, with how each went.</param>
public sealed record RunDetails(
    string Id,
    string Workflow,
    string? RecipientId,
    string? To,
    string Status,
    string? Step,
    DateTimeOffset? ResumeAt,
    string? Reason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<RunStep> Steps);
