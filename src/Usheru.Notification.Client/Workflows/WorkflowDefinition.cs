namespace Usheru.Notification.Client;

/// <summary>
/// The body of <c>PUT /v1/workflows/{key}</c>: steps that run in order, once per recipient of a
/// trigger. Build the steps with <see cref="WorkflowStep.Send"/>, <see cref="WorkflowStep.Delay"/>
/// and the other factories of <see cref="WorkflowStep"/>.
/// </summary>
/// <param name="Steps">1 to 50 steps, each with an id unique in the workflow.</param>
/// <param name="Name">A name for people.</param>
/// <param name="Category">See <see cref="NotificationCategory"/>; null: transactional.</param>
public sealed record WorkflowDefinition(
    IReadOnlyList<WorkflowStep> Steps,
    string? Name = null,
    string? Category = null);
