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

    [Fact]
    public async Task A_recipient_token_opens_that_recipients_own_choices_and_a_tampered_one_opens_nothing()
    {
        var fan = $"fan-{Guid.NewGuid():N}"[..12];
        var other = $"other-{Guid.NewGuid():N}"[..14];
        foreach (var id in new[] { fan, other })
        {
            (await console.Api.PutAsJsonAsync($"/v1/recipients/{id}", new { email = $"{id}@example.com", name = id })).EnsureSuccessStatusCode();
        }
        (await console.Api.PutAsJsonAsync($"/v1/recipients/{fan}/preferences", new { channels = new { sms = false } })).EnsureSuccessStatusCode();
        var issued = await console.Api.PostAsJsonAsync($"/v1/recipients/{fan}/tokens", new { });
        var token = (string)(await issued.Content.ReadFromJsonAsync<JsonObject>())!["token"]!;
        var page = await console.NewPageAsync(390, 844);

        (await page.GotoAsync($"{console.BaseUrl}/preferences/{token}"))!.Status.ShouldBe(200);
        await Assertions.Expect(page.GetByLabel("Text message (SMS)")).Not.ToBeCheckedAsync();
        await Assertions.Expect(page.GetByLabel("Email", new() { Exact = true })).ToBeCheckedAsync();
        await page.GetByLabel("Email", new() { Exact = true }).UncheckAsync();
        await page.GetByLabel("Text message (SMS)").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save my choices" }).ClickAsync();
        await Assertions.Expect(page.Locator("#saved")).ToBeVisibleAsync();

        var channels = (await console.Api.GetFromJsonAsync<JsonObject>($"/v1/recipients/{fan}/preferences"))!["channels"]!;
        channels["email"]!.GetValue<bool>().ShouldBeFalse();
        channels["sms"]!.GetValue<bool>().ShouldBeTrue();
        (await console.Api.GetFromJsonAsync<JsonObject>($"/v1/recipients/{other}/preferences"))!["channels"]!.AsObject().ShouldBeEmpty();

        // The same signature on a body that names someone else, and a signature with one character changed.
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        string[] tampered =
        [
            "rt_" + System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes($"{other}\n9999999999")) + token[dot..],
            token[..(dot + 1)] + (token[dot + 1] == 'A' ? 'B' : 'A') + token[(dot + 2)..],
        ];
        foreach (var forged in tampered)
        {
            (await page.GotoAsync($"{console.BaseUrl}/preferences/{forged}"))!.Status.ShouldBe(404);
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("This link no longer works");
            await Assertions.Expect(page.GetByRole(AriaRole.Checkbox)).ToHaveCountAsync(0);
            (await page.ContentAsync()).ShouldNotContain(other);
        }
        await page.ShouldPassAxeAsync();
    }

    [GeneratedRegex(@"https?://\S+/preferences/\S+")]
    private static partial Regex PreferencesLink();
}
