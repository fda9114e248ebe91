using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Usheru.Notification.Api.Tests.Support;

/// <summary>
/// What a push service checks of a <c>vapid</c> Authorization header (RFC 8292), written out here
/// independently of the service's code: an ES256 JWT signed by the key in <c>k</c>, for this push
/// service's origin, expiring within 24 hours, with a contact in <c>sub</c>.
/// </summary>
public sealed record VapidCheck(string? Problem, string? PublicKey, JsonObject? Claims)
{
    public static VapidCheck Of(string authorization, string audience, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        if (!authorization.StartsWith("vapid ", StringComparison.OrdinalIgnoreCase))
            return Refused("no vapid authorization");
        var parameters = authorization["vapid ".Length..].Split(',', StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        if (!parameters.TryGetValue("t", out var token) || !parameters.TryGetValue("k", out var key))
            return Refused("vapid authorization without t and k");
        var parts = token.Split('.');
        if (parts.Length != 3)
            return Refused("t is not a JWT");
        try
        {
            var header = JsonNode.Parse(Base64Url.DecodeFromChars(parts[0]))!;
            if ((string?)header["alg"] != "ES256")
                return Refused($"JWT alg is {header["alg"]}, not ES256");
            var publicKey = Base64Url.DecodeFromChars(key);
            if (publicKey is not [0x04, ..] || publicKey.Length != 65)
                return Refused("k is not an uncompressed P-256 public key");
            using var verifier = ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = publicKey[1..33], Y = publicKey[33..] },
            });
            if (!verifier.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256))
                return Refused("JWT signature does not verify with k");
            var claims = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!.AsObject();
            var expires = claims["exp"]?.GetValue<long>() is { } exp ? DateTimeOffset.FromUnixTimeSeconds(exp) : (DateTimeOffset?)null;
            var problem = ((string?)claims["aud"], (string?)claims["sub"]) switch
            {
                (var aud, _) when aud != audience => $"aud is {aud}, not {audience}",
                _ when expires is not { } at || at <= now || at > now.AddHours(24) => $"exp {expires:O} is not within 24 hours",
                (_, null or "") => "no sub",
                _ => null,
            };
            return new VapidCheck(problem, key, claims);
        }
        catch (Exception e) when (e is FormatException or JsonException or CryptographicException or InvalidOperationException)
        {
            return Refused($"malformed vapid authorization: {e.Message}");
        }
    }

    private static VapidCheck Refused(string problem) => new(problem, null, null);
}
