namespace Usheru.Notification.Api.Channels.WebPush;

/// <summary>The <c>WebPush</c> configuration section.</summary>
internal sealed class WebPushOptions
{
    public const string Section = "WebPush";

    /// <summary>The longest a push service keeps a message for an offline browser (RFC 8030 allows four weeks).</summary>
    public const int MaxTimeToLiveSeconds = 28 * 24 * 60 * 60;

    /// <summary>How push services reach us about our messages: a <c>mailto:</c> or <c>https:</c> URL (RFC 8292 <c>sub</c>).</summary>
    public string Subject { get; set; } = "mailto:notifications@usheru.com";

    /// <summary>The VAPID public key, base64url; with <see cref="PrivateKey"/>, or neither to generate and store a pair.</summary>
    public string? PublicKey { get; set; }

    /// <summary>The VAPID private key, base64url: a secret.</summary>
    public string? PrivateKey { get; set; }

    /// <summary>How long a push service holds a message for a browser that is offline; a notification a day late is news no more.</summary>
    public int TimeToLiveSeconds { get; set; } = 24 * 60 * 60;

    /// <summary>The configured key pair; null when keys are to be generated and stored.</summary>
    public VapidKeyPair? ConfiguredKeys =>
        string.IsNullOrWhiteSpace(PublicKey) && string.IsNullOrWhiteSpace(PrivateKey) ? null : new(PublicKey ?? "", PrivateKey ?? "");
}
