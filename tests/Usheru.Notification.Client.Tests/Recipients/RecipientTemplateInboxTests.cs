using System.Buffers.Text;
using System.Security.Cryptography;
using Usheru.Notification.Client.Tests.Support;

namespace Usheru.Notification.Client.Tests.Recipients;

public sealed class RecipientTemplateInboxTests(ServiceAndClient live) : IClassFixture<ServiceAndClient>
{
    private static readonly TemplateDefinition BookingConfirmed = new(
        new ChannelContent(
            Email: new EmailContent("{{ film }} is booked", "Hi {{ recipient.name }}, enjoy {{ film }}."),
            Inbox: new MessageContent("{{ film }} is booked", "Seat {{ seat }}", "https://usheru.com/bookings/{{ booking }}")),
        Name: "Booking confirmed",
        Locales: new Dictionary<string, ChannelContent>
        {
            ["es"] = new(Inbox: new MessageContent("{{ film }} reservada")),
        });

    private readonly INotificationClient client = live.Client;

    [Fact]
    public async Task Sends_a_template_to_a_recipient_and_lets_their_inbox_item_be_marked_read()
    {
        var recipient = await client.UpsertRecipientAsync("user-123", new RecipientDetails(Email: "ann@example.com", Name: "Ann"));
        var template = await client.PutTemplateAsync("booking-confirmed", BookingConfirmed);

        var accepted = await client.SendAsync(
            SendNotification.ToRecipient("user-123").UsingTemplate("booking-confirmed").With(new { film = "Dune", seat = "F12", booking = "B-991" }));

        recipient.Name.ShouldBe("Ann");
        template.Channels.Inbox!.Title.ShouldBe("{{ film }} is booked");
        await live.WaitForStatusAsync(accepted.Id, NotificationStatus.Completed);
        var item = (await client.GetInboxPageAsync("user-123", unreadOnly: true)).Items.ShouldHaveSingleItem();
        item.ShouldBe(item with { NotificationId = accepted.Id, Title = "Dune is booked", Body = "Seat F12", Url = "https://usheru.com/bookings/B-991", ReadAt = null });

        var read = await client.MarkInboxItemReadAsync("user-123", item.Id);

        read.ReadAt.ShouldNotBeNull();
        (await client.ListInboxAsync("user-123", unreadOnly: true).ToListAsync()).ShouldBeEmpty();
        (await client.ListInboxAsync("user-123").ToListAsync()).ShouldHaveSingleItem().Id.ShouldBe(item.Id);
    }

    [Fact]
    public async Task Previews_a_template_in_a_locale_with_fallback_to_the_default()
    {
        await client.PutTemplateAsync("booking-preview", BookingConfirmed);

        var preview = await client.PreviewTemplateAsync("booking-preview", new TemplatePreviewRequest(new() { ["film"] = "Dune" }, "es-MX"));

        preview.Channels[NotificationChannel.Inbox].ShouldBe(new RenderedContent(Locale: "es", Title: "Dune reservada"));
        preview.Channels[NotificationChannel.Email].Subject.ShouldBe("Dune is booked");
        preview.Channels[NotificationChannel.Email].Locale.ShouldBeNull();
    }

    [Fact]
    public async Task Suppresses_the_channel_a_recipient_opted_out_of()
    {
        await client.UpsertRecipientAsync("user-456", new RecipientDetails(Email: "ben@example.com", Name: "Ben"));
        await client.PutTemplateAsync("booking-opt-out", BookingConfirmed);
        var preferences = await client.SetPreferencesAsync("user-456", new Preferences { Channels = new Dictionary<string, bool> { [NotificationChannel.Email] = false } });

        var accepted = await client.SendAsync(SendNotification.ToRecipient("user-456").UsingTemplate("booking-opt-out").With(new { film = "Dune" }));

        preferences.Channels[NotificationChannel.Email].ShouldBeFalse();
        (await client.GetRecipientAsync("user-456"))!.Preferences.Channels[NotificationChannel.Email].ShouldBeFalse();
        var deliveries = (await live.WaitForStatusAsync(accepted.Id, NotificationStatus.Completed))!.Deliveries!;
        deliveries.Single(d => d.Channel == NotificationChannel.Email).Status.ShouldBe(DeliveryStatus.Suppressed);
        deliveries.Single(d => d.Channel == NotificationChannel.Inbox).Status.ShouldBe(DeliveryStatus.Sent);
    }

    [Fact]
    public async Task Adds_a_browser_push_subscription_and_returns_its_id()
    {
        await client.UpsertRecipientAsync("user-push", new RecipientDetails(Name: "Dee"));
        using var browser = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var point = browser.ExportParameters(false).Q;
        var subscription = new PushSubscription(new Uri("https://push.example.com/send/abc"),
            new PushSubscriptionKeys(Base64Url.EncodeToString([0x04, .. point.X!, .. point.Y!]), Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16))));

        var added = await client.AddPushSubscriptionAsync("user-push", subscription);

        added.Id.ShouldStartWith("psub_");
        added.Endpoint.ShouldBe(subscription.Endpoint);
        (await Should.ThrowAsync<NotificationApiException>(() => client.AddPushSubscriptionAsync("no-such-person", subscription))).Status.ShouldBe(404);
    }

    [Fact]
    public async Task Returns_null_for_a_recipient_once_erased_and_for_templates_that_do_not_exist()
    {
        await client.UpsertRecipientAsync("user-789", new RecipientDetails(Email: "cat@example.com"));

        await client.DeleteRecipientAsync("user-789");

        (await client.GetRecipientAsync("user-789")).ShouldBeNull();
        (await client.GetTemplateAsync("no-such-template")).ShouldBeNull();
        (await Should.ThrowAsync<NotificationApiException>(() => client.DeleteRecipientAsync("user-789"))).Status.ShouldBe(404);
    }

    [Fact]
    public async Task Keeps_a_recipient_id_with_reserved_characters_as_one_path_segment()
    {
        var recipient = await client.UpsertRecipientAsync("cinema:42@dublin", new RecipientDetails(Name: "Lighthouse"));

        (await client.GetRecipientAsync("cinema:42@dublin"))!.Id.ShouldBe(recipient.Id);
        recipient.Id.ShouldBe("cinema:42@dublin");
    }
}
