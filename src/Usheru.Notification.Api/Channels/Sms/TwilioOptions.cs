namespace Usheru.Notification.Api.Channels.Sms;

/// <summary>The <c>Sms:Twilio</c> configuration section. Without an account SID, SMS is disabled.</summary>
internal sealed class TwilioOptions
{
    public const string Section = "Sms:Twilio";

    /// <summary>The account (<c>AC…</c>) messages are sent from and billed to.</summary>
    public string? AccountSid { get; set; }

    /// <summary>The account's auth token: a secret, used only as the Basic auth password.</summary>
    public string? AuthToken { get; set; }

    /// <summary>The sender: a Twilio phone number in E.164 or an alphanumeric sender id.</summary>
    public string? From { get; set; }

    /// <summary>Twilio's REST API; a local stand-in in tests.</summary>
    public string BaseUrl { get; set; } = "https://api.twilio.com";

    /// <summary>
    /// Where Twilio posts each message's status (<c>StatusCallback</c>): this service's
    /// <c>/providers/twilio/status</c> under <c>PublicBaseUrl</c>, set when the channel is added.
    /// </summary>
    public string? StatusCallback { get; set; }
}
