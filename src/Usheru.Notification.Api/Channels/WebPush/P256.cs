using System.Security.Cryptography;

namespace Usheru.Notification.Api.Channels.WebPush;

/// <summary>
/// P-256 public keys in the form web push passes them around (RFC 8291, RFC 8292): the
/// 65-byte uncompressed point, <c>0x04 || X || Y</c>.
/// </summary>
internal static class P256
{
    public const int PublicKeyLength = 65;

    public static byte[] Encode(ECPoint point) =>
        point is { X.Length: 32, Y.Length: 32 } ? [0x04, .. point.X, .. point.Y] : throw new ArgumentException("Not a P-256 point.", nameof(point));

    /// <exception cref="FormatException">Not 65 bytes starting with 0x04.</exception>
    public static ECParameters PublicKey(ReadOnlySpan<byte> uncompressed)
    {
        if (uncompressed.Length != PublicKeyLength || uncompressed[0] != 0x04)
            throw new FormatException("A P-256 public key is 65 bytes, uncompressed (0x04 first).");
        return new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = uncompressed[1..33].ToArray(), Y = uncompressed[33..].ToArray() },
        };
    }

    /// <summary>Whether the bytes are an uncompressed point on the curve.</summary>
    public static bool IsPublicKey(ReadOnlySpan<byte> uncompressed)
    {
        try
        {
            using var key = ECDiffieHellman.Create(PublicKey(uncompressed));
            return true;
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return false;
        }
    }
}
