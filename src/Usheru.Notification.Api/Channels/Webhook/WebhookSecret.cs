using System.Security.Cryptography;

namespace Usheru.Notification.Api.Channels.Webhook;

/// <summary>Endpoint signing secrets in the Standard Webhooks form: <c>whsec_</c> and base64 key bytes.</summary>
internal static class WebhookSecret
{
    public const string Prefix = "whsec_";

    private const int KeyLength = 32;

    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyLength));

    /// <summary>The HMAC key a secret stands for; like the reference libraries, the prefix is optional.</summary>
    /// <exception cref="FormatException">The part after the prefix is not base64.</exception>
    public static byte[] KeyBytes(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Convert.FromBase64String(secret.StartsWith(Prefix, StringComparison.Ordinal) ? secret[Prefix.Length..] : secret);
    }
}
