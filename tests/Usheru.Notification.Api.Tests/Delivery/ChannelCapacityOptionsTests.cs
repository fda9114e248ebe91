using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Delivery;

public sealed class ChannelCapacityOptionsTests
{
    [Theory]
    [InlineData("Delivery:Channels:email:RatePerSecond", "0", "Delivery:Channels:email:RatePerSecond is 0")]
    [InlineData("Delivery:Channels:sms:RatePerSecond", "-5", "Delivery:Channels:sms:RatePerSecond is -5")]
    [InlineData("Delivery:Channels:fax:RatePerSecond", "10", "'fax' is not a channel")]
    [InlineData("Delivery:Channels:email:RatePerSec", "10", "Delivery:Channels:email:RatePerSecond is not set")]
    public void Refuses_to_start_with_a_channel_rate_that_cannot_be_a_cap(string key, string value, string message)
    {
        // The delivery feature's own registration, validated as the host's start validates it. Not the
        // whole app through WebApplicationFactory: when its start fails, the factory sometimes reports
        // the disposed host it left behind instead of the validation error.
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [key] = value });
        builder.AddDelivery();
        using var host = builder.Build();

        var error = Should.Throw<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<DeliveryOptions>>().Value);

        error.Message.ShouldContain(message);
    }

    [Fact]
    public void Caps_the_configured_channels_whatever_their_case_with_a_bucket_of_150_ms_and_at_least_two_tokens()
    {
        using var service = new TestService(new Dictionary<string, string?>
        {
            ["Delivery:Channels:Email:RatePerSecond"] = "14",
            ["Delivery:Channels:sms:RatePerSecond"] = "0.5",
            ["Delivery:Channels:webhook:RatePerSecond"] = "1000",
        });

        var rates = service.Service<ChannelRates>();

        rates.Capped.Select(r => (r.Channel, r.PerSecond, r.Capacity)).ShouldBe([("email", 14, 2), ("sms", 0.5, 2), ("webhook", 1000, 150)]);
        rates.Uncapped.ShouldBe(["push", "inbox", "event"]);
    }
}
