namespace Usheru.Notification.Api.Workflows;

/// <summary>What a run has done so far, step by step; stored as JSON in its row.</summary>
internal sealed class RunState
{
    public Dictionary<string, StepProgress> Steps { get; init; } = [];

    /// <summary>Why the run failed, was skipped or merged, when it did.</summary>
    public string? Reason { get; set; }

    public IEnumerable<string> DeliveryIds => Steps.Values.SelectMany(s => s.Deliveries ?? []);
}

/// <summary>
/// A step's progress: <c>waiting</c> (a delay, window or digest under way), <c>completed</c>,
/// <c>skipped</c>, or for a send step <c>queued</c> (its deliveries decide what the API shows),
/// <c>suppressed</c> or <c>failed</c>.
/// </summary>
internal sealed record StepProgress(
    string Status,
    IReadOnlyList<string>? Deliveries = null,
    string? Digest = null,
    DateTimeOffset? ResumeAt = null,
    string? Reason = null)
{
    public const string Waiting = "waiting";
    public const string Completed = "completed";
    public const string Skipped = "skipped";
    public const string Queued = "queued";
    public const string Suppressed = "suppressed";
    public const string Failed = "failed";
}
