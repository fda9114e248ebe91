using System.Security.Cryptography;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.ApiKeys;

/// <summary>
/// Plaintext keys look like <c>usk_{id}_{secret}</c>: the id finds the stored hash, the whole key is
/// hashed with SHA-256 (the secret has 256 bits of entropy, so no slow hash is needed) and compared
/// in constant time.
/// </summary>
internal static class ApiKeySecret
{
    private const string Prefix = "usk_";

    public static string Generate(string keyId) =>
        $"{Prefix}{keyId[(Ids.ApiKey.Length + 1)..]}_{Base64Url(RandomNumberGenerator.GetBytes(32))}";

    /// <summary>The key id a plaintext key claims to belong to, or null when it is not of our format.</summary>
    public static string? KeyIdOf(string plaintext)
    {
        var parts = plaintext.Split('_', 3);
        if (parts is not ["usk", { Length: 32 } id, { Length: > 0 }])
        {
            return null;
        }
        var keyId = $"{Ids.ApiKey}_{id}";
        return Ids.HasPrefix(keyId, Ids.ApiKey) ? keyId : null;
    }

    public static string Hash(string plaintext) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(plaintext)));

    /// <summary>Whether <paramref name="hash"/> (lower-case hex, as <see cref="Hash"/> makes) is the stored one, compared in constant time.</summary>
    public static bool MatchesHash(string hash, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(hash),
            System.Text.Encoding.ASCII.GetBytes(storedHash));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
