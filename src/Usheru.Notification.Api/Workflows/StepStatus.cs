namespace Usheru.Notification.Api.Workflows;

/// <summary>
/// A step's status as <c>if</c> conditions and the API see it. A send step's follows its deliveries
/// (<c>pending</c> until they end); a step not reached yet, or still waiting, is <c>pending</c>.
/// </summary>
internal static class StepStatus
{
    public const string Pending = "pending";
    public const string Sent = "sent";
    public const string Failed = "failed";
    public const string Suppressed = "suppressed";
    public const string Skipped = "skipped";
    public const string Completed = "completed";

    public static string Of(StepProgress? progress, IReadOnlyDictionary<string, string> deliveryStatuses) => progress?.Status switch
    {
        null or StepProgress.Waiting => Pending,
        StepProgress.Queued => OfDeliveries([.. (progress.Deliveries ?? []).Select(id => OfDelivery(deliveryStatuses.GetValueOrDefault(id)))]),
        StepProgress.Suppressed => Suppressed,
        StepProgress.Failed => Failed,
        StepProgress.Skipped => Skipped,
        _ => Completed,
    };

    /// <summary>The first of the step's deliveries that has not ended, if any.</summary>
    public static string? PendingDelivery(StepProgress? progress, IReadOnlyDictionary<string, string> deliveryStatuses) =>
        progress?.Deliveries?.FirstOrDefault(id => OfDelivery(deliveryStatuses.GetValueOrDefault(id)) == Pending);

    private static string OfDelivery(string? status) => status switch
    {
        "sent" or "delivered" or "complained" => Sent,
        "failed" or "bounced" => Failed,
        "suppressed" => Suppressed,
        "cancelled" => Skipped,
        _ => Pending,
    };

    /// <summary>A step with several deliveries (web push to each browser) was sent if any was.</summary>
    private static string OfDeliveries(IReadOnlyList<string> statuses) =>
        new[] { Sent, Pending, Failed, Suppressed }.FirstOrDefault(statuses.Contains) ?? Skipped;
}
