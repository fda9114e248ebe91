using Usheru.Notification.Api.Channels.Webhook;

namespace Usheru.Notification.Api.Tests.Channels.Webhook;

public sealed class WebhookSecretTests
{
    [Fact]
    public void Generates_whsec_secrets_of_32_random_bytes()
    {
        var first = WebhookSecret.Generate();
        var second = WebhookSecret.Generate();

        first.ShouldStartWith("whsec_");
        WebhookSecret.KeyBytes(first).Length.ShouldBe(32);
        second.ShouldNotBe(first);
    }

    [Fact]
    public void Reads_the_key_as_the_base64_after_the_prefix()
    {
        var key = WebhookSecret.KeyBytes("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

        key.ShouldBe(Convert.FromBase64String("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
    }
}
