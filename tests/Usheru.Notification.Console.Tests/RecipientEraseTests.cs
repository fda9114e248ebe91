using System.Net;

namespace Usheru.Notification.Console.Tests;

/// <summary>"Ann asked us to forget her": found, and erased only once her id is typed exactly.</summary>
[Collection(SharedBrowser.Name)]
public sealed class RecipientEraseTests(ConsoleFixture console)
{
    [Fact]
    public async Task Erases_a_recipient_only_when_their_id_is_typed_exactly()
    {
        var ann = $"ann-{Guid.NewGuid():N}"[..12];
        (await console.Api.PutAsJsonAsync($"/v1/recipients/{ann}", new { name = "Ann Erase", email = $"{ann}@example.com" })).EnsureSuccessStatusCode();
        var page = await console.SignedInPageAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Recipients", Exact = true }).ClickAsync();
        await page.GetByLabel("Id, email address or phone number").FillAsync($"{ann}@example.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
        await Assertions.Expect(page.Locator("tbody tr")).ToHaveCountAsync(1);
        await page.ScreenshotAsync("recipients");
        await page.GetByRole(AriaRole.Link, new() { Name = ann }).ClickAsync();

        await page.GetByLabel("Type the recipient id to confirm").FillAsync("ann");
        await page.GetByRole(AriaRole.Button, new() { Name = "Erase this recipient" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Type the recipient's id exactly");
        (await console.Api.GetFromJsonAsync<JsonObject>($"/v1/recipients/{ann}"))!["name"]!.ToString().ShouldBe("Ann Erase", "a wrong confirmation erases nothing");

        await page.GetByLabel("Type the recipient id to confirm").FillAsync(ann);
        await page.GetByRole(AriaRole.Button, new() { Name = "Erase this recipient" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Recipient erased");
        (await console.Api.GetAsync($"/v1/recipients/{ann}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await page.GotoAsync($"{console.BaseUrl}/console/recipients?q={ann}");
        await Assertions.Expect(page.Locator("tbody")).ToContainTextAsync("Nobody matches.");
    }
}
