using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Usheru.Notification.Api.Tests.Support;

/// <summary>
/// Amazon SNS as an HTTPS subscriber meets it, on 127.0.0.1: messages signed the way SNS signs
/// them (SignatureVersion 1, RSA with SHA-1; 2, RSA with SHA-256) with a test key, whose
/// certificate this server hands out over HTTPS (as <c>sns.&lt;region&gt;.amazonaws.com</c> does), and
/// the SubscribeURL that confirms a subscription. Reached as <c>localhost</c> it is the trusted
/// host the service is configured with; as <c>127.0.0.1</c>, the same server is an untrusted one.
/// <code>
/// await using var sns = await SnsStandIn.StartAsync();
/// using var service = new TestService(SnsStandIn.Settings(), services: sns.TrustItsTls);
/// await service.Client(null).PostAsync("/providers/ses/sns", SnsStandIn.Body(sns.Notification(sesRecord)));
/// </code>
/// </summary>
public sealed class SnsStandIn : IAsyncDisposable
{
    public const string TopicArn = "arn:aws:sns:eu-west-1:123456789012:usheru-notification-test-ses-feedback";
    public const string ValidCertificatePath = "/SimpleNotificationService-0000000000000000000000.pem";
    public const string ExpiredCertificatePath = "/SimpleNotificationService-expired.pem";

    private readonly RSA signingKey = RSA.Create(2048);
    private readonly X509Certificate2 tls = TlsCertificate();
    private readonly ReceivedLog<string> confirmations = new("subscription confirmations");
    private readonly string validPem;
    private readonly string expiredPem;
    private LoopbackServer server = null!;

    private SnsStandIn()
    {
        var request = new CertificateRequest("CN=sns.eu-west-1.amazonaws.com", signingKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = DateTimeOffset.UtcNow;
        using var valid = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        using var expired = request.CreateSelfSigned(now.AddDays(-30), now.AddDays(-1));
        validPem = valid.ExportCertificatePem();
        expiredPem = expired.ExportCertificatePem();
    }

    public int Port => new Uri(server.Origin).Port;

    /// <summary>The origin the service trusts (<c>Providers:Ses:TrustedCertificateHosts</c> = localhost).</summary>
    public string TrustedOrigin => $"https://localhost:{Port}";

    /// <summary>The same server under a host the service does not trust.</summary>
    public string UntrustedOrigin => $"https://127.0.0.1:{Port}";

    /// <summary>The SubscribeURLs fetched so far.</summary>
    public IReadOnlyList<string> Confirmations => confirmations.Snapshot();

    public static async Task<SnsStandIn> StartAsync()
    {
        var sns = new SnsStandIn();
        sns.server = await LoopbackServer.StartAsync(sns.HandleAsync, sns.tls);
        return sns;
    }

    /// <summary>The settings that make the service trust this stand-in, and only it, and accept its topic.</summary>
    public static Dictionary<string, string?> Settings() => new()
    {
        ["Providers:Ses:TrustedCertificateHosts:0"] = "localhost",
        ["Providers:Ses:TopicArns:0"] = TopicArn,
    };

    /// <summary>
    /// Lets the service's SNS HTTP client accept this server's self-signed TLS certificate (pinned),
    /// as a real one accepts Amazon's; everything else about the client stays the service's own.
    /// </summary>
    public void TrustItsTls(IServiceCollection services) =>
        services.AddHttpClient("sns").ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == tls.GetCertHashString() },
        });

    /// <summary>A <c>Notification</c> carrying <paramref name="message"/>, signed.</summary>
    public JsonObject Notification(string message, int version = 2, DateTimeOffset? timestamp = null, string? certificateUrl = null,
        string topicArn = TopicArn) =>
        Sign(new JsonObject
        {
            ["Type"] = "Notification",
            ["MessageId"] = Guid.NewGuid().ToString(),
            ["TopicArn"] = topicArn,
            ["Message"] = message,
            ["Timestamp"] = (timestamp ?? DateTimeOffset.UtcNow).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["SignatureVersion"] = version.ToString(CultureInfo.InvariantCulture),
            ["SigningCertURL"] = certificateUrl ?? TrustedOrigin + ValidCertificatePath,
            ["UnsubscribeURL"] = $"{TrustedOrigin}/?Action=Unsubscribe&SubscriptionArn={TopicArn}:1",
        });

    /// <summary>A <c>SubscriptionConfirmation</c> whose SubscribeURL is on this server (trusted unless <paramref name="subscribeOrigin"/> says otherwise).</summary>
    public JsonObject SubscriptionConfirmation(string? subscribeOrigin = null)
    {
        var token = RandomNumberGenerator.GetHexString(64, lowercase: true);
        return Sign(new JsonObject
        {
            ["Type"] = "SubscriptionConfirmation",
            ["MessageId"] = Guid.NewGuid().ToString(),
            ["Token"] = token,
            ["TopicArn"] = TopicArn,
            ["Message"] = $"You have chosen to subscribe to the topic {TopicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.",
            ["SubscribeURL"] = $"{subscribeOrigin ?? TrustedOrigin}/?Action=ConfirmSubscription&TopicArn={TopicArn}&Token={token}",
            ["Timestamp"] = DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["SignatureVersion"] = "1",
            ["SigningCertURL"] = TrustedOrigin + ValidCertificatePath,
        });
    }

    /// <summary>What SNS posts: the message as JSON, Content-Type text/plain.</summary>
    public static StringContent Body(JsonObject message) => new(message.ToJsonString(), Encoding.UTF8, "text/plain");

    public async ValueTask DisposeAsync()
    {
        await server.DisposeAsync();
        tls.Dispose();
        signingKey.Dispose();
    }

    /// <summary>
    /// SNS's signature: over <c>Name\nValue\n</c> of the message's signed fields in byte order of
    /// their names (Subject only when present), with the key of SigningCertURL.
    /// </summary>
    private JsonObject Sign(JsonObject message)
    {
        string[] names = (string)message["Type"]! == "Notification"
            ? ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"]
            : ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"];
        var signed = string.Concat(names.Where(message.ContainsKey).Select(name => $"{name}\n{(string)message[name]!}\n"));
        var hash = (string)message["SignatureVersion"]! == "1" ? HashAlgorithmName.SHA1 : HashAlgorithmName.SHA256;
        message["Signature"] = Convert.ToBase64String(signingKey.SignData(Encoding.UTF8.GetBytes(signed), hash, RSASignaturePadding.Pkcs1));
        return message;
    }

    private async Task HandleAsync(HttpContext http)
    {
        switch (http.Request.Path.Value)
        {
            case ValidCertificatePath:
                await http.Response.WriteAsync(validPem);
                break;
            case ExpiredCertificatePath:
                await http.Response.WriteAsync(expiredPem);
                break;
            case "/" when http.Request.Query["Action"] == "ConfirmSubscription":
                confirmations.Add($"{http.Request.Scheme}://{http.Request.Host}{http.Request.Path}{http.Request.QueryString}");
                http.Response.ContentType = "text/xml";
                await http.Response.WriteAsync("<ConfirmSubscriptionResponse><ConfirmSubscriptionResult><SubscriptionArn>"
                    + TopicArn + ":1</SubscriptionArn></ConfirmSubscriptionResult></ConfirmSubscriptionResponse>");
                break;
            default:
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                break;
        }
    }

    private static X509Certificate2 TlsCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        // Through PKCS#12 so Kestrel gets a certificate whose private key it can use on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
