using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Usheru.Notification.Client.Tests.Support;

namespace Usheru.Notification.Client.Tests.Resilience;

public sealed class ResilienceTests(ServiceAndClient live) : IClassFixture<ServiceAndClient>
{
    [Fact]
    public async Task Retries_a_send_whose_answer_was_lost_and_gets_the_one_notification_it_made()
    {
        var lostAnswer = new FirstAttemptFails(HttpMethod.Post, "/v1/notifications", afterTheServiceAnswered: true);
        var client = ClientThrough(lostAnswer);

        var accepted = await client.SendAsync(SendNotification.ToEmail("ann@example.com").WithEmail("Hi", "Hi").WithMetadata(new { lost = "answer" }));

        lostAnswer.Attempts.ShouldBe(2);
        var made = await live.Client.ListNotificationsAsync().Where(n => (string?)n.Metadata["lost"] == "answer").ToListAsync();
        made.ShouldHaveSingleItem().Id.ShouldBe(accepted.Id);
    }

    [Fact]
    public async Task Retries_a_send_the_service_was_still_processing_under_the_same_key()
    {
        var stillRunning = new FirstAttemptFails(HttpMethod.Post, "/v1/notifications", status: HttpStatusCode.Conflict);
        var client = ClientThrough(stillRunning);

        var accepted = await client.SendAsync(SendNotification.ToEmail("ann@example.com").WithEmail("Hi", "Hi"));

        stillRunning.Attempts.ShouldBe(2);
        (await live.Client.GetNotificationAsync(accepted.Id)).ShouldNotBeNull();
    }

    [Fact]
    public async Task Retries_a_read_after_a_transient_failure()
    {
        var unavailable = new FirstAttemptFails(HttpMethod.Get, "/v1/recipients/fan-1");
        var client = ClientThrough(unavailable);
        await live.Client.UpsertRecipientAsync("fan-1", new RecipientDetails(Name: "Fan"));

        var recipient = await client.GetRecipientAsync("fan-1");

        unavailable.Attempts.ShouldBe(2);
        recipient!.Name.ShouldBe("Fan");
    }

    [Fact]
    public async Task Does_not_retry_a_write_without_an_idempotency_key()
    {
        var unavailable = new FirstAttemptFails(HttpMethod.Put, "/v1/recipients/fan-2");
        var client = ClientThrough(unavailable);

        var error = await Should.ThrowAsync<NotificationApiException>(() => client.UpsertRecipientAsync("fan-2", new RecipientDetails(Name: "Fan")));

        error.Status.ShouldBe((int)HttpStatusCode.ServiceUnavailable);
        unavailable.Attempts.ShouldBe(1);
        (await live.Client.GetRecipientAsync("fan-2")).ShouldBeNull();
    }

    /// <summary>A client whose requests pass <paramref name="handler"/> after its resilience handler, on their way to the service.</summary>
    private INotificationClient ClientThrough(DelegatingHandler handler) =>
        live.ClientWith(TestService.BootstrapKey, b => b.AddHttpMessageHandler(() => handler));
}
