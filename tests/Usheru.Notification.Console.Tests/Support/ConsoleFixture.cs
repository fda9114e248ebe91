using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace Usheru.Notification.Console.Tests.Support;

/// <summary>
/// What every browser scenario shares, started once: Debian's chromium under Playwright, the real
/// service on Kestrel (SQLite), a Twilio stand-in and a webhook receiver it delivers to, and a web
/// server on another origin for pages that embed the inbox or try a cross-origin post. A delivery
/// fails at its first failed attempt here, so replay scenarios need no clock.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    /// <summary>How long (ms) any page action, navigation or expectation may take before a test fails.</summary>
    public const float SlowMachineMs = 60_000;
    private readonly ConcurrentDictionary<string, string> pages = new();
    private LoopbackServer pageHost = null!;
    private IPlaywright playwright = null!;

    public TestService Service { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public TwilioStandIn Twilio { get; private set; } = null!;

    public WebhookReceiver Receiver { get; private set; } = null!;

    /// <summary>The service as the browser reaches it: <c>http://127.0.0.1:{port}</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Another origin on the same host (so the same site, for cookies): where embedding and hostile pages live.</summary>
    public string OtherOrigin => pageHost.Origin;

    public HttpClient Api => Service.Client();

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException($"{Chromium} is missing: `apt-get install -y chromium` (.ci/run does).");
        }
        pageHost = await LoopbackServer.StartAsync(ServePageAsync);
        Twilio = await TwilioStandIn.StartAsync();
        Receiver = await WebhookReceiver.StartAsync();
        var settings = new Dictionary<string, string?>(Twilio.Settings())
        {
            ["Cors:AllowedOrigins:0"] = pageHost.Origin,
            ["Delivery:MaxAttempts"] = "1",
        };
        Service = new TestService(settings);
        BaseUrl = $"http://127.0.0.1:{Service.ClientOptions.BaseAddress.Port}";
        // The first render of the console compiles its components: done here, not inside a test's deadline.
        (await Service.Client(key: null).GetAsync("/console/sign-in")).EnsureSuccessStatusCode();
        playwright = await Playwright.CreateAsync();
        Assertions.SetDefaultExpectTimeout(SlowMachineMs);
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright.Dispose();
        Service.Dispose();
        await Receiver.DisposeAsync();
        await Twilio.DisposeAsync();
        await pageHost.DisposeAsync();
    }

    /// <summary>Serves <paramref name="html"/> at <paramref name="path"/> on <see cref="OtherOrigin"/>; returns its address.</summary>
    public string HostPage(string path, string html)
    {
        pages[path] = html;
        return $"{OtherOrigin}{path}";
    }

    /// <summary>A fresh browser context (its own cookies), laptop-sized unless told otherwise.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        // CSP is bypassed only so the tests can inject axe-core; what the pages escape is proven without it.
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, BypassCSP = true });
        // Deadlines, not waits: CI runs these beside the API tests on two cores, where a page can take seconds.
        context.SetDefaultTimeout(SlowMachineMs);
        context.SetDefaultNavigationTimeout(SlowMachineMs);
        return await context.NewPageAsync();
    }

    /// <summary>A page signed in to the console with <paramref name="key"/> (the bootstrap key by default).</summary>
    public async Task<IPage> SignedInPageAsync(string key = TestService.BootstrapKey, int width = 1280, int height = 900)
    {
        var page = await NewPageAsync(width, height);
        await SignInAsync(page, key);
        await page.WaitForURLAsync($"{BaseUrl}/console");
        return page;
    }

    public async Task SignInAsync(IPage page, string key)
    {
        await page.GotoAsync($"{BaseUrl}/console/sign-in");
        await page.GetByLabel("Admin API key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>A new API key with these scopes, made through the API.</summary>
    public async Task<(string Id, string Key)> CreateKeyAsync(string name, params string[] scopes)
    {
        var response = await Api.PostAsJsonAsync("/v1/api-keys", new { name, scopes });
        var json = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return ((string)json["id"]!, (string)json["key"]!);
    }

    private async Task ServePageAsync(HttpContext http)
    {
        if (!pages.TryGetValue(http.Request.Path, out var html))
        {
            http.Response.StatusCode = 404;
            return;
        }
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync(html);
    }
}

[CollectionDefinition(Name)]
public sealed class SharedBrowser : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "browser";
}
