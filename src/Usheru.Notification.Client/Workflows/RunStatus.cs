namespace Usheru.Notification.Client;

/// <summary>
/// The values of a run's <c>status</c>. <see cref="Running"/> and <see cref="Waiting"/> are
/// unfinished; every other status is an end.
/// </summary>
public static class RunStatus
{
    /// <summary>Going through its steps now.</summary>
    public const string Running = "running";

    /// <summary>In a delay, digest window or time window until <see cref="RunDetails.ResumeAt"/>, or waiting for a step's delivery to end.</summary>
    public const string Waiting = "waiting";

    /// <summary>Went through every step.</summary>
    public const string Completed = "completed";

    /// <summary>Ended early by a delay whose time had passed, with <c>ifPast: end</c>.</summary>
    public const string Skipped = "skipped";

    /// <summary>Reached a digest another run had open, which goes on for both; this one ended.</summary>
    public const string Merged = "merged";

    /// <summary>Reached a throttle whose limit was used up, and ended.</summary>
    public const string Throttled = "throttled";

    /// <summary>A later trigger with the same cancellation key, workflow and recipient took its place.</summary>
    public const string Replaced = "replaced";

    /// <summary>Cancelled by <see cref="INotificationClient.CancelWorkflowRunsAsync"/> or by erasing its recipient.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>Could not go on (such as a <c>delay</c> whose <c>until</c> did not render to a time).</summary>
    public const string Failed = "failed";
}
