using System.Diagnostics;
using Usheru.Notification.Api.Tracing;

namespace Usheru.Notification.Api.Delivery;

/// <summary>
/// The span of one delivery attempt, <c>deliver {channel}</c>, a child of the trace context stored
/// with its notification (the accept span, or the caller's span): so a trace runs from the caller
/// through the accept and each attempt to the far end (the HTTP span of a webhook is its child).
/// With tracing off (no listener) there is no span and nothing here allocates.
/// </summary>
internal static class DeliveryAttemptSpan
{
    public static Activity? Start(ClaimedDelivery delivery)
    {
        if (!ServiceTracing.Enabled)
        {
            return null;
        }
        var span = ServiceTracing.Source.StartActivity($"deliver {delivery.Channel}", ActivityKind.Consumer, TraceContext.Parent(delivery.TraceContext));
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag(ServiceTracing.NotificationIdTag, delivery.NotificationId);
            span.SetTag(ServiceTracing.DeliveryIdTag, delivery.Id);
            span.SetTag(ServiceTracing.ChannelTag, delivery.Channel);
            span.SetTag(ServiceTracing.AttemptTag, delivery.Attempt);
        }
        return span;
    }

    /// <summary>
    /// Records what the attempt came to: <c>sent</c>, <c>retrying</c>, <c>failed</c> (an error
    /// status) or <c>released</c> (cut off by shutdown). The far end's error text stays out, as it
    /// stays out of logs: it often quotes the address; the delivery's <c>lastError</c> has it.
    /// </summary>
    public static void End(Activity? span, Completion completion)
    {
        if (span is not { IsAllDataRequested: true })
        {
            return;
        }
        var outcome = completion.AttemptOutcome;
        span.SetTag(ServiceTracing.OutcomeTag, outcome);
        if (outcome is DeliveryStatus.Retrying or DeliveryStatus.Failed)
        {
            span.SetStatus(ActivityStatusCode.Error, outcome);
        }
    }
}
