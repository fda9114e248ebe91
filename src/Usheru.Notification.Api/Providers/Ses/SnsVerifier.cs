using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Options;

namespace Usheru.Notification.Api.Providers.Ses;

/// <summary>
/// Decides whether a post really comes from our SNS topic, before anything in it is used: the
/// signature (version 1, RSA with SHA-1; version 2, RSA with SHA-256) checked with the signing
/// certificate, which is fetched only over HTTPS from a trusted host and must be within its
/// validity; the topic one of ours; the timestamp recent (an old message replayed is refused).
/// </summary>
internal sealed class SnsVerifier(SigningCertificates certificates, IOptions<SesOptions> options, TimeProvider time)
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
    private readonly TrustedHosts trusted = new(options.Value.TrustedCertificateHosts);

    /// <summary>Null when the message is genuine; otherwise why it is refused.</summary>
    public async Task<string?> RefuseAsync(SnsMessage message, CancellationToken cancellationToken)
    {
        var hash = message.SignatureVersion switch
        {
            "1" => HashAlgorithmName.SHA1,
            "2" => HashAlgorithmName.SHA256,
            _ => default,
        };
        if (hash == default)
        {
            return "unsigned, or an unknown SignatureVersion";
        }
        if (message.StringToSign() is not { } signed || !TryBase64(message.Signature, out var signature))
        {
            return "fields of the signed message are missing";
        }
        if (trusted.Check(message.SigningCertUrl) is not { } certificateUrl)
        {
            return "the signing certificate is not on a trusted host over HTTPS";
        }
        // Kept by SigningCertificates for the next message: not disposed here.
        var certificate = await certificates.GetAsync(certificateUrl, cancellationToken);
        var now = time.GetUtcNow();
        if (certificate is null)
        {
            return "the signing certificate could not be fetched";
        }
        if (now < certificate.NotBefore.ToUniversalTime() || now > certificate.NotAfter.ToUniversalTime())
        {
            return "the signing certificate is not valid now";
        }
        using var key = certificate.GetRSAPublicKey();
        if (key is null || !key.VerifyData(Encoding.UTF8.GetBytes(signed), signature, hash, RSASignaturePadding.Pkcs1))
        {
            return "the signature does not match";
        }
        if (!options.Value.TopicArns.Contains(message.TopicArn, StringComparer.Ordinal))
        {
            return "the topic is not one this service subscribes to (Providers:Ses:TopicArns)";
        }
        if (!DateTimeOffset.TryParse(message.Timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var timestamp)
            || timestamp < now - options.Value.MaxMessageAge || timestamp > now + ClockSkew)
        {
            return "the message is too old (a replay) or from the future";
        }
        return null;
    }

    /// <summary>The SubscribeURL of a confirmation, when it may be fetched under the certificate host rule.</summary>
    public Uri? ConfirmationUrl(SnsMessage message) => trusted.Check(message.SubscribeUrl);

    private static bool TryBase64(string? text, out byte[] bytes)
    {
        bytes = [];
        if (text is null)
        {
            return false;
        }
        try
        {
            bytes = Convert.FromBase64String(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
