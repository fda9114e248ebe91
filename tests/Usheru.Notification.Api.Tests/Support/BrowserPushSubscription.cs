using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;

namespace Usheru.Notification.Api.Tests.Support;

/// <summary>
/// A browser's half of a push subscription: a P-256 key pair and an auth secret made the way a
/// browser makes them, and the decryption a browser does (RFC 8291, <c>aes128gcm</c>), written out
/// here from the RFC with plain HMAC-SHA-256, independently of the service's code.
/// </summary>
public sealed class BrowserPushSubscription : IDisposable
{
    private readonly ECDiffieHellman _key;
    private readonly byte[] _publicKey;
    private readonly byte[] _auth;

    /// <param name="applicationServerKey">The VAPID public key the subscription is restricted to, if any.</param>
    public BrowserPushSubscription(string endpoint, string? applicationServerKey = null)
        : this(endpoint, ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256), RandomNumberGenerator.GetBytes(16), applicationServerKey)
    {
    }

    /// <summary>A subscription with given keys, such as the RFC's worked example; it owns <paramref name="key"/>.</summary>
    public BrowserPushSubscription(string endpoint, ECDiffieHellman key, byte[] auth, string? applicationServerKey = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        var q = key.ExportParameters(includePrivateParameters: false).Q;
        (Endpoint, ApplicationServerKey, _key, _auth, _publicKey) = (endpoint, applicationServerKey, key, auth, [0x04, .. q.X!, .. q.Y!]);
    }

    public string Endpoint { get; }

    public string? ApplicationServerKey { get; }

    /// <summary>The <c>keys.p256dh</c> of <c>PushSubscription.toJSON()</c>.</summary>
    public string P256dh => Base64Url.EncodeToString(_publicKey);

    /// <summary>The <c>keys.auth</c> of <c>PushSubscription.toJSON()</c>.</summary>
    public string Auth => Base64Url.EncodeToString(_auth);

    /// <summary>The plaintext of a single-record <c>aes128gcm</c> push message body.</summary>
    /// <exception cref="CryptographicException">The body does not decrypt for this subscription.</exception>
    public byte[] Decrypt(byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.Length < 21 + 65 + 17 || body[20] != 65)
            throw new CryptographicException("Not an aes128gcm body with a P-256 key id.");
        var salt = body[..16];
        var recordSize = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(16, 4));
        var senderKey = body[21..86];
        var ciphertext = body[86..];
        if (ciphertext.Length > recordSize)
            throw new CryptographicException("More than one record: push messages have one.");

        using var sender = ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = senderKey[1..33], Y = senderKey[33..] },
        });
        var ecdhSecret = _key.DeriveRawSecretAgreement(sender.PublicKey);
        var prkKey = Hmac(_auth, ecdhSecret);
        var ikm = Hmac(prkKey, [.. "WebPush: info\0"u8, .. _publicKey, .. senderKey, 0x01]);
        var prk = Hmac(salt, ikm);
        var cek = Hmac(prk, [.. "Content-Encoding: aes128gcm\0"u8, 0x01])[..16];
        var nonce = Hmac(prk, [.. "Content-Encoding: nonce\0"u8, 0x01])[..12];

        var padded = new byte[ciphertext.Length - 16];
        using var aes = new AesGcm(cek, 16);
        aes.Decrypt(nonce, ciphertext[..^16], ciphertext[^16..], padded);
        var delimiter = Array.FindLastIndex(padded, b => b != 0);
        if (delimiter < 0 || padded[delimiter] != 0x02)
            throw new CryptographicException("The record does not end with the last-record delimiter.");
        return padded[..delimiter];
    }

    public void Dispose() => _key.Dispose();

    private static byte[] Hmac(byte[] key, byte[] data) => HMACSHA256.HashData(key, data);
}
