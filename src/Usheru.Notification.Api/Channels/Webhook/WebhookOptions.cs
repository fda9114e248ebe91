namespace Usheru.Notification.Api.Channels.Webhook;

/// <summary>The <c>Webhooks</c> configuration section.</summary>
internal sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Lets webhooks reach loopback and private addresses: for tests and local set-ups only.</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>How long one request may take, connecting included.</summary>
    public int TimeoutSeconds { get; set; } = 15;
}
