namespace Usheru.Notification.Console.Tests;

/// <summary>"What happened to this message?" answered without curl.</summary>
[Collection(SharedBrowser.Name)]
public sealed class NotificationSearchTests(ConsoleFixture console)
{
    [Fact]
    public async Task Finds_a_notification_by_metadata_and_opens_its_delivery()
    {
        var booking = $"B-{Guid.NewGuid():N}"[..10];
        var body = Requests.Email("ann@example.com", subject: "Your tickets for {{ film }}", html: "<p>See you at <b>20:30</b>.</p>");
        body["metadata"] = new JsonObject { ["bookingId"] = booking };
        var accepted = await console.Api.SendAsync(body);
        await console.Api.SendAsync(Requests.Email("bob@example.com"));
        await console.Api.WaitForStatusAsync((string)accepted["id"]!, "completed");
        var page = await console.SignedInPageAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Notifications", Exact = true }).ClickAsync();
        await page.GetByLabel("Metadata").FillAsync($"bookingId={booking}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        var rows = page.Locator("tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await page.ScreenshotAsync("notifications");
        await page.GetByRole(AriaRole.Link, new() { Name = (string)accepted["id"]! }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync((string)accepted["id"]!);
        await page.ScreenshotAsync("notification");
        await page.GetByRole(AriaRole.Link, new() { Name = (string)accepted["deliveries"]![0]!["id"]! }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-field=subject]")).ToHaveTextAsync("Your tickets for Dune: Part Three");
        await Assertions.Expect(page.Locator("dl.facts").First).ToContainTextAsync("ann@example.com");
        var mail = page.Locator("iframe.mail");
        (await mail.GetAttributeAsync("sandbox")).ShouldBe("");
        await Assertions.Expect(page.FrameLocator("iframe.mail").Locator("b")).ToHaveTextAsync("20:30");
        await page.ScreenshotAsync("delivery");
    }
}
