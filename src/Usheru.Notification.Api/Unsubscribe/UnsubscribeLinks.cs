using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Unsubscribe;

/// <summary>
/// Signed unsubscribe links: the token names a recipient and a category and carries an HMAC of
/// both. Tokens do not expire (an old marketing email must still work); rotating the key revokes
/// them all.
/// </summary>
internal sealed class UnsubscribeLinks(IStorageEngine engine, IOptions<UnsubscribeOptions> options)
{
    public const string KeySetting = "unsubscribe.signing_key";
    private byte[]? key;

    /// <summary>The link for <paramref name="recipientId"/> to opt out of <paramref name="category"/>.</summary>
    public async Task<Func<string, string, string>> SignerAsync(CancellationToken cancellationToken)
    {
        var signingKey = await KeyAsync(cancellationToken);
        var baseUrl = options.Value.PublicBaseUrl.ToString().TrimEnd('/');
        return (recipientId, category) => $"{baseUrl}/unsubscribe/{Token(signingKey, recipientId, category)}";
    }

    /// <summary>The recipient and category a token names, when its signature is ours.</summary>
    public async Task<(string RecipientId, string Category)?> VerifyAsync(string token, CancellationToken cancellationToken)
    {
        if (token.Split('.') is not [var payload, var signature] || !Base64Url.IsValid(payload) || !Base64Url.IsValid(signature))
        {
            return null;
        }
        var bytes = Base64Url.DecodeFromChars(payload);
        var expected = HMACSHA256.HashData(await KeyAsync(cancellationToken), bytes);
        if (!CryptographicOperations.FixedTimeEquals(expected, Base64Url.DecodeFromChars(signature)))
        {
            return null;
        }
        return Encoding.UTF8.GetString(bytes).Split('\n') is [var recipientId, var category] ? (recipientId, category) : null;
    }

    private static string Token(byte[] signingKey, string recipientId, string category)
    {
        var payload = Encoding.UTF8.GetBytes($"{recipientId}\n{category}");
        return $"{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(HMACSHA256.HashData(signingKey, payload))}";
    }

    private async Task<byte[]> KeyAsync(CancellationToken cancellationToken) =>
        key ??= Convert.FromBase64String(options.Value.SigningKey
            ?? await GeneratedSetting.GetOrCreateAsync(engine, KeySetting, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), cancellationToken));
}
