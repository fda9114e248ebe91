using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Usheru.Notification.Api.Channels.WebPush;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Channels.WebPush;

public sealed class PushMessageEncryptionTests
{
    // RFC 8291, section 5 and appendix A: the worked example.
    private const string Plaintext = "When I grow up, I want to be a watermelon";
    private const string AuthSecret = "BTBZMqHH6r4Tts7J_aSIgg";
    private const string UserAgentPrivateKey = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
    private const string UserAgentPublicKey = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    private const string ServerPrivateKey = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
    private const string ServerPublicKey = "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
    private const string Salt = "DGv6ra1nlYgDCS1FRnbzlw";
    private const string Body =
        "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

    [Fact]
    public void Encrypts_the_rfc_8291_example_to_the_rfcs_bytes()
    {
        using var serverKey = Key(ServerPrivateKey, ServerPublicKey);

        var body = PushMessageEncryption.Encrypt(
            Encoding.UTF8.GetBytes(Plaintext), Base64Url.DecodeFromChars(UserAgentPublicKey), Base64Url.DecodeFromChars(AuthSecret),
            serverKey, Base64Url.DecodeFromChars(Salt));

        Base64Url.EncodeToString(body).ShouldBe(Body);
    }

    [Fact]
    public void The_browsers_decryption_reads_the_rfc_8291_example()
    {
        using var browser = new BrowserPushSubscription("https://push.example.net/push/JzLQ3raZJfFBR0aqvOMsLrt54w4rJUsV",
            Key(UserAgentPrivateKey, UserAgentPublicKey), Base64Url.DecodeFromChars(AuthSecret));

        Encoding.UTF8.GetString(browser.Decrypt(Base64Url.DecodeFromChars(Body))).ShouldBe(Plaintext);
    }

    [Fact]
    public void Encrypts_each_message_with_a_fresh_key_and_salt_that_only_the_subscriber_can_read()
    {
        using var browser = new BrowserPushSubscription("https://push.example.net/push/1");
        using var stranger = new BrowserPushSubscription("https://push.example.net/push/2");
        var message = Encoding.UTF8.GetBytes("""{"title":"Dune: Part Three"}""");

        var first = Encrypt(message, browser);
        var second = Encrypt(message, browser);

        browser.Decrypt(first).ShouldBe(message);
        browser.Decrypt(second).ShouldBe(message);
        first[..86].ShouldNotBe(second[..86]);
        Should.Throw<CryptographicException>(() => stranger.Decrypt(first));
    }

    [Fact]
    public void Takes_up_to_the_4_kib_push_services_accept()
    {
        using var browser = new BrowserPushSubscription("https://push.example.net/push/1");
        var largest = new byte[PushMessageEncryption.MaxPlaintextLength];

        Encrypt(largest, browser).Length.ShouldBe(4096);
        Should.Throw<ArgumentException>(() => Encrypt(new byte[largest.Length + 1], browser));
    }

    private static byte[] Encrypt(byte[] message, BrowserPushSubscription browser) =>
        PushMessageEncryption.Encrypt(message, Base64Url.DecodeFromChars(browser.P256dh), Base64Url.DecodeFromChars(browser.Auth));

    private static ECDiffieHellman Key(string privateKey, string publicKey)
    {
        var point = Base64Url.DecodeFromChars(publicKey);
        return ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            D = Base64Url.DecodeFromChars(privateKey),
            Q = new ECPoint { X = point[1..33], Y = point[33..] },
        });
    }
}
