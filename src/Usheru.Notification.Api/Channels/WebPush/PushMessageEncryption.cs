using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Usheru.Notification.Api.Channels.WebPush;

/// <summary>
/// Message encryption for web push (RFC 8291) in the <c>aes128gcm</c> content coding (RFC 8188):
/// an ECDH agreement between a fresh key of ours and the subscription's key, mixed with its auth
/// secret, keys AES-128-GCM over a single record.
/// </summary>
internal static class PushMessageEncryption
{
    /// <summary>Push services take 4096 bytes of body: less the 86-byte header, the 16-byte tag and the padding delimiter.</summary>
    public const int MaxPlaintextLength = RecordSize - HeaderLength - TagLength - 1;

    private const int RecordSize = 4096;
    private const int SaltLength = 16;
    private const int HeaderLength = SaltLength + 4 + 1 + P256.PublicKeyLength;
    private const int TagLength = 16;
    private const byte LastRecordDelimiter = 0x02;

    private static readonly byte[] KeyInfoLabel = "WebPush: info\0"u8.ToArray();
    private static readonly byte[] ContentKeyInfo = "Content-Encoding: aes128gcm\0"u8.ToArray();
    private static readonly byte[] NonceInfo = "Content-Encoding: nonce\0"u8.ToArray();

    /// <param name="userAgentPublicKey">The subscription's <c>p256dh</c> key, 65 bytes.</param>
    /// <param name="authSecret">The subscription's <c>auth</c> secret, 16 bytes.</param>
    /// <returns>The request body: header, then ciphertext and tag.</returns>
    public static byte[] Encrypt(ReadOnlySpan<byte> plaintext, byte[] userAgentPublicKey, byte[] authSecret)
    {
        using var serverKey = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        return Encrypt(plaintext, userAgentPublicKey, authSecret, serverKey, RandomNumberGenerator.GetBytes(SaltLength));
    }

    /// <summary>The same, with the server key and salt chosen by the caller: for the RFC's worked example.</summary>
    internal static byte[] Encrypt(ReadOnlySpan<byte> plaintext, byte[] userAgentPublicKey, byte[] authSecret, ECDiffieHellman serverKey, byte[] salt)
    {
        if (plaintext.Length > MaxPlaintextLength)
            throw new ArgumentException($"A push message holds at most {MaxPlaintextLength} bytes.", nameof(plaintext));

        using var userAgentKey = ECDiffieHellman.Create(P256.PublicKey(userAgentPublicKey));
        var serverPublicKey = P256.Encode(serverKey.ExportParameters(includePrivateParameters: false).Q);
        var sharedSecret = serverKey.DeriveRawSecretAgreement(userAgentKey.PublicKey);

        byte[] keyInfo = [.. KeyInfoLabel, .. userAgentPublicKey, .. serverPublicKey];
        var inputKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, sharedSecret, 32, authSecret, keyInfo);
        var pseudoRandomKey = HKDF.Extract(HashAlgorithmName.SHA256, inputKey, salt);
        var contentKey = HKDF.Expand(HashAlgorithmName.SHA256, pseudoRandomKey, 16, ContentKeyInfo);
        var nonce = HKDF.Expand(HashAlgorithmName.SHA256, pseudoRandomKey, 12, NonceInfo);

        var body = new byte[HeaderLength + plaintext.Length + 1 + TagLength];
        salt.CopyTo(body, 0);
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(SaltLength), RecordSize);
        body[SaltLength + 4] = P256.PublicKeyLength;
        serverPublicKey.CopyTo(body, SaltLength + 5);

        byte[] record = [.. plaintext, LastRecordDelimiter];
        using var aes = new AesGcm(contentKey, TagLength);
        aes.Encrypt(nonce, record, body.AsSpan(HeaderLength, record.Length), body.AsSpan(HeaderLength + record.Length));
        return body;
    }
}
