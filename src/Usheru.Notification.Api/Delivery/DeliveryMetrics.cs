using Prometheus;
using Usheru.Notification.Api.Hosting;

namespace Usheru.Notification.Api.Delivery;

/// <summary>Prometheus series for deliveries: outcomes by channel, accept-to-send latency, queue depth.</summary>
internal sealed class DeliveryMetrics
{
    private readonly Counter outcomes;
    private readonly Histogram latency;
    private readonly Gauge queueDepth;
    private long sent;
    private long failed;

    public DeliveryMetrics(DeliveryQueue queue, ServiceMetrics metrics)
    {
        outcomes = metrics.Factory.CreateCounter(
            "usheru_deliveries_total", "Delivery attempts by channel and resulting status.", ["channel", "status"]);
        latency = metrics.Factory.CreateHistogram(
            "usheru_delivery_latency_seconds", "From acceptance to a successful send.",
            new HistogramConfiguration { LabelNames = ["channel"], Buckets = Histogram.ExponentialBuckets(0.005, 2, 16) });
        queueDepth = metrics.Factory.CreateGauge("usheru_queue_depth", "Deliveries waiting or in flight, by status.", ["status"]);
        metrics.Registry.AddBeforeCollectCallback(async cancellationToken =>
        {
            var counts = await queue.CountByStatusAsync(cancellationToken);
            foreach (var status in new[] { DeliveryStatus.Queued, DeliveryStatus.Scheduled, DeliveryStatus.Retrying, DeliveryStatus.Sending })
            {
                queueDepth.WithLabels(status).Set(counts.GetValueOrDefault(status));
            }
        });
    }

    public void Completed(ClaimedDelivery delivery, Completion completion, DateTimeOffset now)
    {
        var status = completion.AttemptOutcome;
        outcomes.WithLabels(delivery.Channel, status).Inc();
        if (delivery.Channel != Events.EventChannel.Name && status is DeliveryStatus.Sent or DeliveryStatus.Failed)
        {
            Interlocked.Increment(ref status == DeliveryStatus.Sent ? ref sent : ref failed);
        }
        if (completion.Outcome is DeliveryOutcome.Sent)
        {
            latency.WithLabels(delivery.Channel).Observe((now - delivery.CreatedAt).TotalSeconds);
        }
    }

    /// <summary>Deliveries (not events) this instance ended as sent or failed since the last call: what CloudWatch sums across tasks.</summary>
    public (long Sent, long Failed) TakeEnded() => (Interlocked.Exchange(ref sent, 0), Interlocked.Exchange(ref failed, 0));
}
