namespace Usheru.Notification.Api.Providers.Ses;

/// <summary>The <c>Providers:Ses</c> configuration section: who may post SES feedback to <c>/providers/ses/sns</c>.</summary>
internal sealed class SesOptions
{
    public const string Section = "Providers:Ses";

    /// <summary>
    /// Hosts SNS signing certificates (and subscription confirmations) may come from, over HTTPS
    /// only; <c>*</c> stands for one DNS label. The default (appsettings.json) is <c>sns.*.amazonaws.com</c>;
    /// tests trust their local stand-in.
    /// </summary>
    public string[] TrustedCertificateHosts { get; set; } = [];

    /// <summary>
    /// The SNS topics whose messages are accepted (the environment's SES feedback topic). Anyone can
    /// make an SNS topic and sign with Amazon's key: without this, a stranger's topic could
    /// suppress any address. None configured: every post is refused.
    /// </summary>
    public string[] TopicArns { get; set; } = [];

    /// <summary>Older messages are refused as replays; SNS stops retrying well before (the stack's delivery policy).</summary>
    public TimeSpan MaxMessageAge { get; set; } = TimeSpan.FromHours(1);
}
