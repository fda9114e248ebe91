using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Usheru.Notification.Api.Channels.Webhook;

/// <summary>The <c>webhook-signature</c> header of the Standard Webhooks specification.</summary>
internal static class WebhookSignature
{
    /// <returns><c>v1,</c> and the base64 HMAC-SHA256 of <c>{messageId}.{timestampSeconds}.{body}</c>.</returns>
    public static string Sign(string messageId, long timestampSeconds, ReadOnlySpan<byte> body, byte[] key)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{messageId}.{timestampSeconds}.")));
        hmac.AppendData(body);
        return "v1," + Convert.ToBase64String(hmac.GetHashAndReset());
    }
}
