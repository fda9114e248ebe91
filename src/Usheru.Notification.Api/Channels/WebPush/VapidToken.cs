using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Usheru.Notification.Api.Channels.WebPush;

/// <summary>The <c>vapid</c> Authorization of RFC 8292: an ES256 JWT for the push service's origin, and our public key.</summary>
internal static class VapidToken
{
    /// <summary>Push services refuse tokens that live longer than 24 hours.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    private static readonly string Header = Base64Url.EncodeToString("""{"typ":"JWT","alg":"ES256"}"""u8);

    /// <returns>The credentials after the <c>vapid</c> scheme: <c>t=&lt;jwt&gt;, k=&lt;public key&gt;</c>.</returns>
    public static string Create(Uri endpoint, string subject, VapidKeyPair keys, DateTimeOffset now)
    {
        var claims = new JsonObject
        {
            // The origin: scheme, host and a port other than the scheme's default.
            ["aud"] = $"{endpoint.Scheme}://{endpoint.Authority}",
            ["exp"] = (now + Lifetime).ToUnixTimeSeconds(),
            ["sub"] = subject,
        };
        var signed = $"{Header}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims.ToJsonString()))}";
        using var signer = keys.CreateSigner();
        // .NET signs in the IEEE P1363 form (r || s), which is what JWS ES256 wants.
        var signature = signer.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256);
        return $"t={signed}.{Base64Url.EncodeToString(signature)}, k={keys.PublicKey}";
    }
}
