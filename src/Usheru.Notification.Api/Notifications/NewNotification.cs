namespace Usheru.Notification.Api.Notifications;

/// <summary>
/// A notification ready to be written: validated, rendered, addressed; or, for a workflow, its runs.
/// <paramref name="TraceContext"/>: the trace it was accepted in, as <see cref="Tracing.TraceContext"/> stores it.
/// </summary>
internal sealed record NewNotification(
    string Id,
    string Category,
    string? Template,
    string Data,
    string Metadata,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SendAt,
    IReadOnlyList<NewDelivery> Deliveries,
    Topics.FanoutPlan? Fanout = null,
    Workflows.WorkflowTrigger? Workflow = null,
    IReadOnlyList<Workflows.NewRun>? Runs = null,
    string? TraceContext = null);

/// <summary>
/// One delivery of a <see cref="NewNotification"/>, its content rendered for its recipient; or, with
/// a <paramref name="SuppressedReason"/>, the record of one that preferences or a missing address
/// blocked; or, with a <paramref name="FailedReason"/>, one whose content could not be rendered.
/// </summary>
internal sealed record NewDelivery(string Id, string Channel, string To, string Content, string? RecipientId = null, string? SuppressedReason = null,
    string? FailedReason = null)
{
    /// <summary>True when the delivery is written as ended (suppressed or failed): nothing will send it.</summary>
    public bool Ended => SuppressedReason is not null || FailedReason is not null;
}
