using System.Text;
using Usheru.Notification.Api.Channels.Webhook;

namespace Usheru.Notification.Api.Tests.Channels.Webhook;

public sealed class WebhookSignatureTests
{
    [Fact]
    public void Matches_the_test_vector_of_the_standard_webhooks_specification()
    {
        var key = WebhookSecret.KeyBytes("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

        var signature = WebhookSignature.Sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, """{"test": 2432232314}"""u8, key);

        signature.ShouldBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    [Fact]
    public void Signs_a_different_body_differently()
    {
        var key = WebhookSecret.KeyBytes(WebhookSecret.Generate());

        var first = WebhookSignature.Sign("msg_1", 1614265330, Encoding.UTF8.GetBytes("{}"), key);
        var second = WebhookSignature.Sign("msg_1", 1614265330, Encoding.UTF8.GetBytes("{ }"), key);

        first.ShouldNotBe(second);
    }
}
