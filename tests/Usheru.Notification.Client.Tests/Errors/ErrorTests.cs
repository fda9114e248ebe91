using Usheru.Notification.Client.Tests.Support;

namespace Usheru.Notification.Client.Tests.Errors;

public sealed class ErrorTests(ServiceAndClient live) : IClassFixture<ServiceAndClient>
{
    [Fact]
    public async Task Surfaces_a_validation_error_as_an_exception_with_the_errors_per_field()
    {
        var error = await Should.ThrowAsync<NotificationApiException>(() =>
            live.Client.SendAsync(SendNotification.ToEmail("not-an-email").WithEmail("Hello", "Hello")));

        error.Status.ShouldBe(400);
        error.Title.ShouldNotBeNullOrEmpty();
        error.Type.ShouldNotBeNullOrEmpty();
        error.TraceId.ShouldNotBeNullOrEmpty();
        error.Errors["to[0]"].ShouldHaveSingleItem().ShouldContain("not a valid email address");
        error.Message.ShouldContain("to[0]");
    }

    [Fact]
    public async Task Surfaces_an_unknown_api_key_as_a_401_exception()
    {
        var stranger = live.ClientWith("not-a-key");

        var error = await Should.ThrowAsync<NotificationApiException>(() => stranger.GetNotificationAsync("ntf_0198f7d1c0a27a4c9b3e2f1d0c9b8a76"));

        error.Status.ShouldBe(401);
        error.Detail.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task Surfaces_a_key_without_the_scope_as_a_403_exception()
    {
        var key = await live.Client.CreateApiKeyAsync(new NewApiKey("reporting", [ApiKeyScope.Read]));
        var reader = live.ClientWith(key.Key);

        var error = await Should.ThrowAsync<NotificationApiException>(() => reader.SendAsync(SendNotification.ToEmail("ann@example.com").WithEmail("Hi", "Hi")));

        error.Status.ShouldBe(403);
    }

    [Fact]
    public async Task Surfaces_a_cancel_that_comes_too_late_as_a_409_exception()
    {
        var accepted = await live.Client.SendAsync(SendNotification.ToEmail("ann@example.com").WithEmail("Hi", "Hi"));
        await live.WaitForStatusAsync(accepted.Id, NotificationStatus.Completed);

        var error = await Should.ThrowAsync<NotificationApiException>(() => live.Client.CancelNotificationAsync(accepted.Id));

        error.Status.ShouldBe(409);
    }

    [Fact]
    public async Task Surfaces_a_rate_limited_write_as_a_429_exception_with_its_retry_after()
    {
        using var limited = new ServiceAndClient(new TestService(new Dictionary<string, string?>
        {
            ["RateLimiting:PermitsPerSecond"] = "1",
            ["RateLimiting:Burst"] = "1",
        }));

        // Five at once, within the second of the one token however slow the machine; writes are not retried.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 5).Select(async i =>
        {
            try
            {
                await limited.Client.UpsertRecipientAsync($"fan-{i}", new RecipientDetails(Name: "Fan"));
                return null;
            }
            catch (NotificationApiException e)
            {
                return e;
            }
        }));

        var rejected = outcomes.OfType<NotificationApiException>().ToList();
        rejected.ShouldNotBeEmpty();
        rejected.ShouldAllBe(e => e.Status == 429 && e.RetryAfter > TimeSpan.Zero);
    }
}
