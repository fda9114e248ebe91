using MimeKit;

namespace Usheru.Notification.Api.Tests.Support;

/// <summary>
/// What reached an SMTP server, keyed the way receivers de-duplicate: by the delivery id in the
/// Message-ID <c>&lt;dlv_…@domain&gt;</c>, which must agree with the <c>X-Delivery-Id</c> header.
/// </summary>
internal sealed class Arrivals
{
    private Arrivals(IReadOnlyList<string> deliveryIds)
    {
        Messages = deliveryIds.Count;
        DeliveryIds = deliveryIds.ToHashSet();
        Duplicated = deliveryIds.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
    }

    /// <summary>Messages received, copies included.</summary>
    public int Messages { get; }

    /// <summary>The distinct deliveries that arrived.</summary>
    public IReadOnlySet<string> DeliveryIds { get; }

    /// <summary>The deliveries that arrived more than once.</summary>
    public IReadOnlySet<string> Duplicated { get; }

    /// <summary>The copies beyond the first, which receivers drop.</summary>
    public int Duplicates => Messages - DeliveryIds.Count;

    public static Arrivals Of(IEnumerable<MimeMessage> messages) => new([.. messages.Select(DeliveryId)]);

    public override string ToString() => $"{Messages} messages for {DeliveryIds.Count} deliveries ({Duplicates} duplicates)";

    private static string DeliveryId(MimeMessage message)
    {
        var id = message.MessageId.ShouldNotBeNull().Split('@')[0];
        id.ShouldStartWith("dlv_");
        message.Headers["X-Delivery-Id"].ShouldBe(id);
        return id;
    }
}
