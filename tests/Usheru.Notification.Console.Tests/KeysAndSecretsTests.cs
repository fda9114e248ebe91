using System.Net;

namespace Usheru.Notification.Console.Tests;

/// <summary>Secrets leave the service once, on the page that created them, and never again.</summary>
[Collection(SharedBrowser.Name)]
public sealed class KeysAndSecretsTests(ConsoleFixture console)
{
    [Fact]
    public async Task Creating_an_api_key_shows_it_once_the_key_works_and_revoking_it_stops_it()
    {
        var name = $"box-office-{Guid.NewGuid():N}"[..18];
        var page = await console.SignedInPageAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "API keys" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("read", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();

        var key = await page.Locator("#new-key").InnerTextAsync();
        key.ShouldStartWith("usk_");
        await page.ScreenshotAsync("api-keys", page.Locator("#new-key"));
        var client = console.Service.Client(key);
        (await client.GetAsync("/v1/deliveries?limit=1")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.PostAsync("/v1/api-keys", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // Opened again (a reload would post the form again and make a second key).
        await page.GotoAsync($"{console.BaseUrl}/console/api-keys");
        await Assertions.Expect(page.Locator("tbody tr").Filter(new() { HasText = name })).ToHaveCountAsync(1);
        (await page.ContentAsync()).ShouldNotContain(key[12..]);

        await page.GetByRole(AriaRole.Button, new() { Name = $"Revoke {name}" }).ClickAsync();
        await Assertions.Expect(page.Locator("tbody")).Not.ToContainTextAsync(name);
        (await client.GetAsync("/v1/deliveries?limit=1")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "a revoked key stops working at once");
    }

    [Fact]
    public async Task Creating_a_webhook_endpoint_shows_its_secret_once()
    {
        var page = await console.SignedInPageAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Webhooks" }).ClickAsync();
        await page.GetByLabel("URL").FillAsync("https://boxoffice.example.com/hooks/usheru");
        await page.GetByLabel("delivery.failed").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create endpoint" }).ClickAsync();

        var secret = await page.Locator("#new-secret").InnerTextAsync();
        secret.ShouldStartWith("whsec_");
        await page.ScreenshotAsync("webhooks", page.Locator("#new-secret"));
        await page.GotoAsync($"{console.BaseUrl}/console/webhooks");
        await Assertions.Expect(page.Locator("tbody")).ToContainTextAsync("https://boxoffice.example.com/hooks/usheru");
        (await page.ContentAsync()).ShouldNotContain(secret["whsec_".Length..]);
    }
}
