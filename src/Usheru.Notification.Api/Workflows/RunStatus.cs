namespace Usheru.Notification.Api.Workflows;

/// <summary>The statuses of a run. <see cref="Running"/> and <see cref="Waiting"/> are unfinished; the others are ends.</summary>
internal static class RunStatus
{
    public const string Running = "running";
    public const string Waiting = "waiting";
    public const string Completed = "completed";
    public const string Skipped = "skipped";
    public const string Merged = "merged";
    public const string Throttled = "throttled";
    public const string Replaced = "replaced";
    public const string Cancelled = "cancelled";
    public const string Failed = "failed";

    public static readonly string[] All = [Running, Waiting, Completed, Skipped, Merged, Throttled, Replaced, Cancelled, Failed];

    /// <summary>For SQL: the unfinished statuses.</summary>
    public const string Unfinished = "('running', 'waiting')";
}
