using System.Text.RegularExpressions;
using MimeKit;

namespace Usheru.Notification.Console.Tests;

/// <summary>A moviegoer chooses what they get, from the link in the email itself.</summary>
[Collection(SharedBrowser.Name)]
public sealed partial class PreferencePageTests(ConsoleFixture console)
{
    [Fact]
    public async Task A_recipient_turns_sms_off_from_the_emails_link_and_the_next_sms_is_suppressed()
    {
        var fan = $"fan-{Guid.NewGuid():N}"[..12];
        (await console.Api.PutAsJsonAsync($"/v1/recipients/{fan}", new { email = "fan@example.com", phone = "+353871234567", name = "Fan" })).EnsureSuccessStatusCode();
        var news = await console.Api.SendAsync(new JsonObject
        {
            ["to"] = new JsonArray(new JsonObject { ["recipientId"] = fan }),
            ["category"] = "marketing",
            ["channels"] = new JsonArray("email"),
            ["content"] = new JsonObject { ["email"] = new JsonObject { ["subject"] = "Dune is back", ["text"] = "Tickets on sale now." } },
        });
        await console.Api.WaitForStatusAsync((string)news["id"]!, "completed");
        var email = await MimeMessage.LoadAsync(Path.Combine(console.Service.Outbox, $"{news["deliveries"]![0]!["id"]}.eml"));
        var text = email.TextBody ?? "";
        var link = PreferencesLink().Match(text).Value;
        text.ShouldContain("/unsubscribe/", Case.Sensitive, "the preferences link sits beside the unsubscribe link");

        var page = await console.NewPageAsync(390, 844);
        // The email names the public host; this test's service is on another port.
        await page.GotoAsync($"{console.BaseUrl}{new Uri(link).AbsolutePath}");
        await page.ShouldPassAxeAsync();
        (await page.FitsWidthAsync()).ShouldBeTrue();
        await page.GetByLabel("Text message (SMS)").UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save my choices" }).ClickAsync();
        await Assertions.Expect(page.Locator("#saved")).ToBeVisibleAsync();
        await page.ScreenshotAsync("preferences");

        var sms = await console.Api.SendAsync(new JsonObject
        {
            ["to"] = new JsonArray(new JsonObject { ["recipientId"] = fan }),
            ["content"] = new JsonObject { ["sms"] = new JsonObject { ["text"] = "Your showtime moved to 21:00" } },
        });
        var delivery = sms["deliveries"]!.AsArray().Single()!;
        delivery["status"]!.ToString().ShouldBe("suppressed");
        var notification = await console.Api.WaitForStatusAsync((string)sms["id"]!, "failed");
        notification["deliveries"]![0]!["lastError"]!.ToString().ShouldContain("opted out of the sms channel");
        console.Twilio.Messages.ShouldNotContain(m => m.Body == "Your showtime moved to 21:00");
        (await console.Api.GetFromJsonAsync<JsonObject>($"/v1/recipients/{fan}"))!["preferences"]!["channels"]!["email"]!.GetValue<bool>().ShouldBeTrue();
    }

    [GeneratedRegex(@"https?://\S+/preferences/\S+")]
    private static partial Regex PreferencesLink();
}
