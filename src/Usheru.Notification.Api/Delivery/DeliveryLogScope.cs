using System.Collections;
using System.Diagnostics;
using Usheru.Notification.Api.Tracing;

namespace Usheru.Notification.Api.Delivery;

/// <summary>
/// The logging scope of a delivery being worked on: every log line written inside it, by this
/// service or a library under it, carries <c>notificationId</c>, <c>deliveryId</c> and
/// <c>traceId</c> (the attempt span's, or the one stored with the notification when tracing is off;
/// none when neither is there). Values are worked out only when a line is written.
/// </summary>
internal sealed class DeliveryLogScope(ClaimedDelivery delivery) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => 3;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("notificationId", delivery.NotificationId),
        1 => new("deliveryId", delivery.Id),
        2 => new("traceId", TraceId),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    private string? TraceId => Activity.Current is { IdFormat: ActivityIdFormat.W3C } current
        ? current.TraceId.ToHexString()
        : TraceContext.TraceId(delivery.TraceContext);

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"notification {delivery.NotificationId} delivery {delivery.Id} trace {TraceId ?? "none"}";
}
