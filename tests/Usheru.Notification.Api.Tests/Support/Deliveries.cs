using System.Text.Json;
using Usheru.Notification.Api.Delivery;

namespace Usheru.Notification.Api.Tests.Support;

/// <summary>Claimed deliveries as a worker would hand them to a channel, with fresh ids.</summary>
internal static class Deliveries
{
    public static ClaimedDelivery For(string channel, string to, object content, string category = "transactional") => new(
        Id: $"dlv_{Guid.CreateVersion7():N}",
        NotificationId: $"ntf_{Guid.CreateVersion7():N}",
        Channel: channel,
        To: to,
        ContentJson: JsonSerializer.Serialize(content, JsonSerializerOptions.Web),
        Attempt: 1,
        LeaseToken: Guid.NewGuid(),
        Category: category,
        Template: null,
        DataJson: "{}",
        MetadataJson: "{}",
        CreatedAt: DateTimeOffset.UnixEpoch);
}
