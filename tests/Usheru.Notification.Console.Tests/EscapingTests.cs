namespace Usheru.Notification.Console.Tests;

/// <summary>What a person or a template wrote is shown as text, never run: with the page's CSP switched off, escaping alone must hold.</summary>
[Collection(SharedBrowser.Name)]
public sealed class EscapingTests(ConsoleFixture console)
{
    private const string Script = "<script>window.pwned = true</script>";

    [Fact]
    public async Task A_script_in_a_name_or_a_template_is_shown_as_text()
    {
        var id = $"fan-{Guid.NewGuid():N}"[..12];
        var key = $"xss-{Guid.NewGuid():N}"[..12];
        (await console.Api.PutAsJsonAsync($"/v1/recipients/{id}", new { name = $"{Script}Ann", email = "ann@example.com" })).EnsureSuccessStatusCode();
        (await console.Api.PutAsJsonAsync($"/v1/templates/{key}", new
        {
            channels = new { email = new { subject = $"{Script}Tickets", text = "Hi {{ recipient.name }}", html = $"<p>Hi</p>{Script}" } },
        })).EnsureSuccessStatusCode();
        var sent = await console.Api.SendAsync(new JsonObject { ["to"] = new JsonArray(new JsonObject { ["recipientId"] = id }), ["template"] = key });
        await console.Api.WaitForStatusAsync((string)sent["id"]!, "completed");
        var page = await console.SignedInPageAsync();

        await page.GotoAsync($"{console.BaseUrl}/console/recipients/{id}");
        await Assertions.Expect(page.Locator("[data-field=name]")).ToHaveTextAsync($"{Script}Ann");
        await page.ScreenshotAsync("recipient");
        await page.GotoAsync($"{console.BaseUrl}/console/templates/{key}");
        await Assertions.Expect(page.Locator("[data-channel=email] [data-field=subject]")).ToHaveTextAsync($"{Script}Tickets");
        await page.GetByLabel("Sample data").FillAsync("""{ "x": 1 }""");
        await Assertions.Expect(page.Locator("#preview-status")).ToHaveTextAsync("Rendered with the sample data.");
        await page.GotoAsync($"{console.BaseUrl}/console/deliveries/{sent["deliveries"]![0]!["id"]}");
        await Assertions.Expect(page.Locator("[data-field=subject]")).ToHaveTextAsync($"{Script}Tickets");
        await Assertions.Expect(page.Locator("pre")).ToContainTextAsync($"Hi {Script}Ann");
        (await page.Locator("iframe.mail").GetAttributeAsync("sandbox")).ShouldBe("");

        (await page.EvaluateAsync<bool>("() => window.pwned === undefined")).ShouldBeTrue();
        (await page.FrameLocator("iframe.mail").Locator("p").InnerTextAsync()).ShouldBe("Hi");
        (await page.Frames[1].EvaluateAsync<bool>("() => window.pwned === undefined")).ShouldBeTrue("scripts do not run in the sandboxed email");
    }
}
