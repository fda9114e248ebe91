using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Usheru.Notification.Api.Channels.Webhook;
using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Channels.Webhook;

public sealed class WebhookSenderTests
{
    private static readonly byte[] Body = """{"type":"notification","deliveryId":"dlv_0198f3c2"}"""u8.ToArray();

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly string _secret = WebhookSecret.Generate();

    [Fact]
    public async Task Posts_the_body_signed_so_that_an_independent_verifier_accepts_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var services = await StartAsync();

        var outcome = await SendAsync(services, receiver.Url, "dlv_0198f3c2");

        outcome.ShouldBe(new DeliveryOutcome.Sent(null));
        var request = receiver.Requests.ShouldHaveSingleItem();
        request.Method.ShouldBe("POST");
        request.Body.ShouldBe(Body);
        request.Headers["content-type"].ShouldBe("application/json");
        request.Headers["user-agent"].ShouldStartWith("Usheru-Notification/");
        request.Headers["webhook-id"].ShouldBe("dlv_0198f3c2");
        request.Headers["webhook-timestamp"].ShouldBe(_time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers["webhook-signature"].ShouldBe(SignatureByHand(request));
    }

    [Fact]
    public async Task Keeps_the_webhook_id_and_signs_a_fresh_timestamp_on_the_next_attempt()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var services = await StartAsync();
        receiver.AnswerNext(503);

        await SendAsync(services, receiver.Url, "dlv_0198f3c2");
        _time.Advance(TimeSpan.FromSeconds(30));
        await SendAsync(services, receiver.Url, "dlv_0198f3c2");

        var (first, second) = (receiver.Requests[0], receiver.Requests[1]);
        second.Headers["webhook-id"].ShouldBe(first.Headers["webhook-id"]);
        long.Parse(second.Headers["webhook-timestamp"], CultureInfo.InvariantCulture)
            .ShouldBe(long.Parse(first.Headers["webhook-timestamp"], CultureInfo.InvariantCulture) + 30);
        second.Headers["webhook-signature"].ShouldBe(SignatureByHand(second));
    }

    [Fact]
    public async Task Retries_a_500_no_sooner_than_its_retry_after_seconds()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var services = await StartAsync();
        receiver.AnswerNext(500, ("Retry-After", "120"));

        var outcome = await SendAsync(services, receiver.Url);

        outcome.ShouldBeOfType<DeliveryOutcome.Retry>().RetryAfter.ShouldBe(TimeSpan.FromSeconds(120));
    }

    [Fact]
    public async Task Retries_no_sooner_than_the_http_date_in_retry_after()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var services = await StartAsync();
        receiver.AnswerNext(503, ("Retry-After", _time.GetUtcNow().AddSeconds(90).ToString("r", CultureInfo.InvariantCulture)));

        var outcome = await SendAsync(services, receiver.Url);

        outcome.ShouldBeOfType<DeliveryOutcome.Retry>().RetryAfter.ShouldBe(TimeSpan.FromSeconds(90));
    }

    [Fact]
    public async Task Waits_at_most_an_hour_whatever_retry_after_asks()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var services = await StartAsync();
        receiver.AnswerNext(429, ("Retry-After", "86400"));

        var outcome = await SendAsync(services, receiver.Url);

        outcome.ShouldBeOfType<DeliveryOutcome.Retry>().RetryAfter.ShouldBe(TimeSpan.FromHours(1));
    }

    [Theory]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(502)]
    [InlineData(503)]
    public async Task Retries_timeouts_rate_limits_and_server_errors(int status)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var services = await StartAsync();
        receiver.AnswerNext(status);

        var outcome = await SendAsync(services, receiver.Url);

        outcome.ShouldBe(new DeliveryOutcome.Retry($"webhook endpoint answered {status}"));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(404)]
    [InlineData(422)]
    public async Task Fails_other_client_errors_for_good(int status)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var services = await StartAsync();
        receiver.AnswerNext(status);

        var outcome = await SendAsync(services, receiver.Url);

        outcome.ShouldBe(new DeliveryOutcome.Failed($"webhook endpoint answered {status}"));
    }

    [Fact]
    public async Task Reports_a_410_as_the_endpoint_being_gone()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var services = await StartAsync();
        receiver.AnswerNext(410);

        var outcome = await SendAsync(services, receiver.Url);

        (outcome == WebhookSender.EndpointGone).ShouldBeTrue();
    }

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(307)]
    [InlineData(308)]
    public async Task Fails_a_redirect_without_following_it(int status)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var target = await WebhookReceiver.StartAsync();
        await using var services = await StartAsync();
        receiver.AnswerNext(status, ("Location", new Uri(target.Url, "moved").ToString()));

        var outcome = await SendAsync(services, receiver.Url);

        outcome.ShouldBeOfType<DeliveryOutcome.Failed>().Error.ShouldContain("redirects are not followed");
        target.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Retries_when_the_endpoint_does_not_answer_in_time()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var services = await StartAsync(timeoutSeconds: 1);
        receiver.HangNext();

        var outcome = await SendAsync(services, receiver.Url);

        outcome.ShouldBe(new DeliveryOutcome.Retry("webhook endpoint did not answer in time"));
    }

    [Fact]
    public async Task Retries_when_nothing_listens_at_the_url()
    {
        await using var services = await StartAsync();

        var outcome = await SendAsync(services, new Uri($"http://127.0.0.1:{ClosedPort.Find()}/hooks"));

        outcome.ShouldBeOfType<DeliveryOutcome.Retry>().Error.ShouldContain("ConnectionError");
    }

    [Theory]
    [InlineData("ftp://example.test/hooks")]
    [InlineData("/hooks")]
    [InlineData("not a url")]
    public async Task Fails_a_url_that_is_not_absolute_http(string url)
    {
        await using var services = await StartAsync();

        var outcome = await services.Get<WebhookSender>().SendAsync(url, _secret, "dlv_1", Body, null, CancellationToken.None);

        outcome.ShouldBeOfType<DeliveryOutcome.Failed>();
    }

    private Task<TestServices> StartAsync(int timeoutSeconds = 15) => TestServices.StartAsync(
        WebhookSettings.Create(allowPrivateNetworks: true, timeoutSeconds), builder => builder.AddWebhookTransport(), _time);

    private Task<DeliveryOutcome> SendAsync(TestServices services, Uri url, string messageId = "dlv_0198f3c2") =>
        services.Get<WebhookSender>().SendAsync(url.ToString(), _secret, messageId, Body, null, CancellationToken.None);

    /// <summary>The Standard Webhooks scheme, written out here independently of the code under test.</summary>
    private string SignatureByHand(ReceivedRequest request)
    {
        var key = Convert.FromBase64String(_secret["whsec_".Length..]);
        var signed = Encoding.UTF8.GetBytes($"{request.Headers["webhook-id"]}.{request.Headers["webhook-timestamp"]}.").Concat(request.Body).ToArray();
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }
}
