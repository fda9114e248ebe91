namespace Usheru.Notification.Client;

/// <summary>The values of a run step's <c>status</c>, as the workflow's <c>if</c> conditions see it in <c>steps.&lt;id&gt;.status</c>.</summary>
public static class RunStepStatus
{
    /// <summary>Not reached yet, still waiting, or a send whose delivery has not ended.</summary>
    public const string Pending = "pending";

    /// <summary>A send step whose delivery was sent.</summary>
    public const string Sent = "sent";

    /// <summary>A send step whose delivery failed for good.</summary>
    public const string Failed = "failed";

    /// <summary>A send step blocked by the recipient's preferences, an unsubscribe or a missing address for the channel.</summary>
    public const string Suppressed = "suppressed";

    /// <summary>Its <c>if</c> was false, or the run ended before it.</summary>
    public const string Skipped = "skipped";

    /// <summary>A step other than send (delay, digest, throttle, window) that is done.</summary>
    public const string Completed = "completed";
}
