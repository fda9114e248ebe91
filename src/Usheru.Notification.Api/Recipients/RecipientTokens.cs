using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Recipients;

/// <summary>
/// Signed, expiring tokens that let a browser act as one recipient on their inbox and preferences:
/// <c>rt_{base64url("{recipientId}\n{expires unix seconds}")}.{base64url(HMAC-SHA256)}</c>. The key is
/// generated once and kept in the database, so every instance accepts every instance's tokens.
/// </summary>
internal sealed class RecipientTokens(IStorageEngine engine, TimeProvider time)
{
    public const string Prefix = "rt_";
    public const string KeySetting = "recipient_tokens.signing_key";
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(24);
    public static readonly TimeSpan LongestLifetime = TimeSpan.FromDays(30);
    private byte[]? key;

    public async Task<(string Token, DateTimeOffset ExpiresAt)> IssueAsync(string recipientId, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds((time.GetUtcNow() + lifetime).ToUnixTimeSeconds());
        var payload = Encoding.UTF8.GetBytes($"{recipientId}\n{expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}");
        var signature = HMACSHA256.HashData(await KeyAsync(cancellationToken), payload);
        return ($"{Prefix}{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(signature)}", expiresAt);
    }

    /// <summary>The recipient a token names, if it is ours and has not expired.</summary>
    public async Task<string?> VerifyAsync(string token, CancellationToken cancellationToken)
    {
        if (!token.StartsWith(Prefix, StringComparison.Ordinal) || token[Prefix.Length..].Split('.') is not [var body, var signature] ||
            !Base64Url.IsValid(body) || !Base64Url.IsValid(signature))
        {
            return null;
        }
        var payload = Base64Url.DecodeFromChars(body);
        if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(await KeyAsync(cancellationToken), payload), Base64Url.DecodeFromChars(signature)))
        {
            return null;
        }
        return Encoding.UTF8.GetString(payload).Split('\n') is [var recipientId, var expires] &&
               long.TryParse(expires, CultureInfo.InvariantCulture, out var seconds) && time.GetUtcNow().ToUnixTimeSeconds() < seconds
            ? recipientId
            : null;
    }

    private async Task<byte[]> KeyAsync(CancellationToken cancellationToken) =>
        key ??= Convert.FromBase64String(await GeneratedSetting.GetOrCreateAsync(engine, KeySetting,
            () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), cancellationToken));
}
