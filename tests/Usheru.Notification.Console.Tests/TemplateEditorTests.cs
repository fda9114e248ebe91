namespace Usheru.Notification.Console.Tests;

/// <summary>"What does the Spanish on-sale template look like with this data?"</summary>
[Collection(SharedBrowser.Name)]
public sealed class TemplateEditorTests(ConsoleFixture console)
{
    [Fact]
    public async Task Editing_a_template_changes_its_live_preview_per_locale_and_saving_stores_it()
    {
        var key = $"on-sale-{Guid.NewGuid():N}"[..16];
        (await console.Api.PutAsJsonAsync($"/v1/templates/{key}", new
        {
            category = "marketing",
            channels = new { email = new { subject = "Tickets for {{ film }}", text = "Book now" }, sms = new { text = "{{ film }}: on sale" } },
            locales = new { es = new { email = new { subject = "Entradas para {{ film }}", text = "Ya" } } },
        })).EnsureSuccessStatusCode();
        var page = await console.SignedInPageAsync();
        await page.GotoAsync($"{console.BaseUrl}/console/templates");
        await page.GetByRole(AriaRole.Link, new() { Name = key }).ClickAsync();
        var subject = page.Locator("[data-channel=email] [data-field=subject]");
        await Assertions.Expect(subject).ToHaveTextAsync("Tickets for Dune: Part Three");

        await page.GetByLabel("Sample data").FillAsync("""{ "film": "Oppenheimer" }""");
        await Assertions.Expect(subject).ToHaveTextAsync("Tickets for Oppenheimer");
        await page.GetByLabel("Preview locale").FillAsync("es-MX");
        await Assertions.Expect(subject).ToHaveTextAsync("Entradas para Oppenheimer");
        var definition = page.GetByLabel("Definition");
        await definition.FillAsync((await definition.InputValueAsync()).Replace("{{ film }}: on sale", "{{ film }}: on sale now, book at usheru.com €", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("[data-channel=sms] [data-field=text]")).ToHaveTextAsync("Oppenheimer: on sale now, book at usheru.com €");
        await Assertions.Expect(page.Locator("[data-channel=sms] [data-field=segments]")).ToContainTextAsync("GSM-7");
        await page.ScreenshotAsync("template");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Saved" })).ToBeVisibleAsync();
        var stored = (await console.Api.GetFromJsonAsync<JsonObject>($"/v1/templates/{key}"))!;
        stored["channels"]!["sms"]!["text"]!.ToString().ShouldBe("{{ film }}: on sale now, book at usheru.com €");
    }

    [Fact]
    public async Task A_template_created_in_the_console_is_served_by_the_api_once_saved()
    {
        var key = $"new-{Guid.NewGuid():N}"[..12];
        var page = await console.SignedInPageAsync();
        await page.GotoAsync($"{console.BaseUrl}/console/templates/new");
        await page.ScreenshotAsync("template-new");
        await page.GetByRole(AriaRole.Link, new() { Name = "templates page" }).ClickAsync();
        await page.GetByLabel("New template key").FillAsync(key);
        await page.ScreenshotAsync("templates");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create", Exact = true }).ClickAsync();

        await page.WaitForURLAsync($"{console.BaseUrl}/console/templates/{key}");
        await Assertions.Expect(page.Locator("[data-channel=email] [data-field=subject]")).ToHaveTextAsync("Tickets for Dune: Part Three");
        (await console.Api.GetAsync($"/v1/templates/{key}")).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound, "nothing is stored before Save");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Saved" })).ToBeVisibleAsync();
        var stored = (await console.Api.GetFromJsonAsync<JsonObject>($"/v1/templates/{key}"))!;
        stored["channels"]!["email"]!["subject"]!.ToString().ShouldBe("Tickets for {{ film }}");
        stored["channels"]!["sms"]!["text"]!.ToString().ShouldBe("Tickets for {{ film }}");
    }
}
