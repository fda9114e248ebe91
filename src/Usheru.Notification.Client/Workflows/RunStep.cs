namespace Usheru.Notification.Client;

/// <summary>One step of a run.</summary>
/// <param name="Id">The step id.</param>
/// <param name="Type">See <see cref="WorkflowStepType"/>.</param>
/// <param name="Status">See <see cref="RunStepStatus"/>.</param>
/// <param name="DeliveryId">A send step's delivery, <c>dlv_…</c>, once it made one.</param>
/// <param name="Reason">Why it was skipped, suppressed or failed, where the service says.</param>
public sealed record RunStep(string Id, string Type, string Status, string? DeliveryId, string? Reason);
