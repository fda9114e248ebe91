namespace Usheru.Notification.Console.Tests;

[Collection(SharedBrowser.Name)]
public sealed class SignInTests(ConsoleFixture console)
{
    [Fact]
    public async Task Signs_in_with_an_admin_key_using_only_the_keyboard_for_an_HttpOnly_SameSite_Strict_session()
    {
        var page = await console.NewPageAsync();
        await page.GotoAsync($"{console.BaseUrl}/console/failed");
        page.Url.ShouldStartWith($"{console.BaseUrl}/console/sign-in");
        await page.ScreenshotAsync("sign-in");
        await page.ShouldPassAxeAsync();

        // The key field has the focus: type, press Enter.
        await page.Keyboard.TypeAsync(TestService.BootstrapKey);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync($"{console.BaseUrl}/console/failed");

        var session = (await page.Context.CookiesAsync()).Single(c => c.Name == "usheru_console");
        session.HttpOnly.ShouldBeTrue();
        session.SameSite.ShouldBe(SameSiteAttribute.Strict);
        session.Value.ShouldNotContain(TestService.BootstrapKey);
        // The first Tab reaches the skip link, which takes the focus past the navigation.
        await page.Keyboard.PressAsync("Tab");
        (await page.EvaluateAsync<string>("() => document.activeElement.textContent")).ShouldBe("Skip to content");
        await page.Keyboard.PressAsync("Enter");
        page.Url.ShouldEndWith("#main");
    }

    [Fact]
    public async Task Refuses_a_wrong_key_and_a_key_without_the_admin_scope()
    {
        var (_, sendOnly) = await console.CreateKeyAsync("booking-service", "send", "read", "manage");
        var page = await console.NewPageAsync();

        foreach (var key in new[] { "not-a-key", sendOnly })
        {
            await console.SignInAsync(page, key);
            await Assertions.Expect(page.Locator("#sign-in-error")).ToBeVisibleAsync();
            page.Url.ShouldStartWith($"{console.BaseUrl}/console/sign-in");
        }
        await page.ScreenshotAsync("sign-in-refused");
        (await page.Context.CookiesAsync()).ShouldNotContain(c => c.Name == "usheru_console");
        await page.GotoAsync($"{console.BaseUrl}/console/api-keys");
        page.Url.ShouldStartWith($"{console.BaseUrl}/console/sign-in");
    }

    [Fact]
    public async Task Ends_the_session_on_sign_out_and_when_its_key_is_revoked()
    {
        var (id, key) = await console.CreateKeyAsync("on-call", "admin");
        var page = await console.SignedInPageAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync($"{console.BaseUrl}/console/sign-in");
        await page.GotoAsync($"{console.BaseUrl}/console");
        page.Url.ShouldStartWith($"{console.BaseUrl}/console/sign-in");

        await console.SignInAsync(page, key);
        await page.WaitForURLAsync($"{console.BaseUrl}/console");
        (await console.Api.DeleteAsync($"/v1/api-keys/{id}")).EnsureSuccessStatusCode();
        await page.GotoAsync($"{console.BaseUrl}/console/notifications");

        page.Url.ShouldStartWith($"{console.BaseUrl}/console/sign-in");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Sign in to continue");
    }

    [Fact]
    public async Task Keeps_a_session_across_a_restart_of_the_service()
    {
        var folder = Directory.CreateTempSubdirectory("usheru-restart-").FullName;
        var settings = new Dictionary<string, string?> { ["Storage:ConnectionString"] = $"Data Source={Path.Combine(folder, "n.db")}" };
        var page = await console.NewPageAsync();
        string before;
        using (var first = new TestService(settings))
        {
            before = $"http://127.0.0.1:{first.ClientOptions.BaseAddress.Port}";
            await page.GotoAsync($"{before}/console/sign-in");
            await page.GetByLabel("Admin API key").FillAsync(TestService.BootstrapKey);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await page.WaitForURLAsync($"{before}/console");
        }

        using var second = new TestService(settings);
        // Cookies belong to the host, not the port: the restarted service on its new port gets the same cookie.
        var after = $"http://127.0.0.1:{second.ClientOptions.BaseAddress.Port}";
        await page.GotoAsync($"{after}/console/topics");

        page.Url.ShouldBe($"{after}/console/topics");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Topics" })).ToBeVisibleAsync();
    }
}
