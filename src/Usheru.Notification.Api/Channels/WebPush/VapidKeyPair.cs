using System.Buffers.Text;
using System.Security.Cryptography;

namespace Usheru.Notification.Api.Channels.WebPush;

/// <summary>
/// The application server's P-256 key pair (RFC 8292), base64url: the 65-byte uncompressed public
/// point, which browsers subscribe with, and the 32-byte private scalar, which signs every push.
/// </summary>
internal sealed class VapidKeyPair(string publicKey, string privateKey)
{
    public string PublicKey { get; } = publicKey;

    public string PrivateKey { get; } = privateKey;

    public static VapidKeyPair Generate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var parameters = key.ExportParameters(includePrivateParameters: true);
        return new(Base64Url.EncodeToString(P256.Encode(parameters.Q)), Base64Url.EncodeToString(parameters.D));
    }

    /// <summary>An ECDSA key to sign with; the caller disposes it.</summary>
    /// <exception cref="FormatException">A key is not base64url or has the wrong length.</exception>
    /// <exception cref="CryptographicException">The public key is not on the curve.</exception>
    public ECDsa CreateSigner()
    {
        var parameters = P256.PublicKey(Base64Url.DecodeFromChars(PublicKey));
        parameters.D = Base64Url.DecodeFromChars(PrivateKey);
        if (parameters.D.Length != 32)
            throw new FormatException("A P-256 private key is 32 bytes.");
        return ECDsa.Create(parameters);
    }

    /// <summary>Whether both keys decode and the public key verifies what the private key signs.</summary>
    public bool IsValid()
    {
        try
        {
            using var signer = CreateSigner();
            using var verifier = ECDsa.Create(P256.PublicKey(Base64Url.DecodeFromChars(PublicKey)));
            var probe = "vapid key pair check"u8;
            return verifier.VerifyData(probe, signer.SignData(probe, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256);
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return false;
        }
    }

    /// <summary>Only the public half: the pair must never reach a log whole.</summary>
    public override string ToString() => $"VAPID key pair {PublicKey}";
}
