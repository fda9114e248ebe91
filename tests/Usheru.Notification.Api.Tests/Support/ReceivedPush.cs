using System.Text.Json.Nodes;

namespace Usheru.Notification.Api.Tests.Support;

/// <summary>
/// A push message <see cref="PushServiceStandIn"/> accepted: for which subscription, the request
/// headers (names case-insensitive), the verified VAPID claims and key, and the decrypted payload.
/// </summary>
public sealed record ReceivedPush(
    BrowserPushSubscription Subscription, IReadOnlyDictionary<string, string> Headers, JsonObject VapidClaims, string VapidKey, string Payload)
{
    /// <summary>The payload as a service worker reads it with <c>event.data.json()</c>.</summary>
    public JsonObject Json => JsonNode.Parse(Payload)!.AsObject();
}
