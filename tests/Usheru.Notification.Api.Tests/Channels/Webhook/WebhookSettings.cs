using System.Globalization;

namespace Usheru.Notification.Api.Tests.Channels.Webhook;

/// <summary>In-memory <c>Webhooks</c> configuration for the webhook transport tests.</summary>
internal static class WebhookSettings
{
    public static Dictionary<string, string?> Create(bool allowPrivateNetworks, int timeoutSeconds = 15) => new()
    {
        ["Webhooks:AllowPrivateNetworks"] = allowPrivateNetworks ? "true" : "false",
        ["Webhooks:TimeoutSeconds"] = timeoutSeconds.ToString(CultureInfo.InvariantCulture),
    };
}
