namespace Usheru.Notification.Client;

/// <summary>The values of a workflow step's <c>type</c>.</summary>
public static class WorkflowStepType
{
    /// <summary>Sends on one channel, from a template or inline content: <see cref="WorkflowStep.Send"/>.</summary>
    public const string Send = "send";

    /// <summary>Waits for a duration or until a time: <see cref="WorkflowStep.Delay"/>, <see cref="WorkflowStep.DelayUntil"/>.</summary>
    public const string Delay = "delay";

    /// <summary>Gathers the runs that reach it within a window into one: <see cref="WorkflowStep.Digest"/>.</summary>
    public const string Digest = "digest";

    /// <summary>Ends runs beyond a limit per period as throttled: <see cref="WorkflowStep.Throttle"/>.</summary>
    public const string Throttle = "throttle";

    /// <summary>Waits until the recipient's local time is inside a window: <see cref="WorkflowStep.TimeWindow"/>.</summary>
    public const string Window = "window";
}
