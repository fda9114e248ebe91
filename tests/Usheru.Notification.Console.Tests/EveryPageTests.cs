using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Usheru.Notification.Console.Tests;

/// <summary>Every console page: axe-core finds nothing serious or critical, and on a phone nothing scrolls sideways.</summary>
[Collection(SharedBrowser.Name)]
public sealed class EveryPageTests(ConsoleFixture console)
{
    [Fact]
    public async Task Every_console_page_passes_axe_and_fits_a_laptop_and_a_phone()
    {
        var accepted = await console.Api.SendAsync(Requests.Email("page-check@example.com"));
        var id = (string)accepted["id"]!;
        await console.Api.WaitForStatusAsync(id, "completed");
        await console.Api.PutAsJsonAsync("/v1/topics/film:dune:tickets", new { name = "Dune tickets" });
        await console.Api.PutAsJsonAsync("/v1/recipients/page-check", new { name = "Page Check", email = "page-check@example.com" });
        await console.Api.PutAsJsonAsync("/v1/templates/page-check", new { channels = new { email = new { subject = "Hi", text = "Hi" } } });
        (await console.Api.PutAsJsonAsync("/v1/workflows/page-check", new
        {
            name = "Page check",
            steps = new object[]
            {
                new { id = "wait", type = "delay", duration = "P1D" },
                new { id = "tell", type = "send", channel = "email", template = "page-check", @if = "recipient.name != ''" },
            },
        })).EnsureSuccessStatusCode();
        var trigger = (string)(await console.Api.SendAsync(new JsonObject
        {
            ["workflow"] = "page-check", ["to"] = new JsonArray(new JsonObject { ["recipientId"] = "page-check" }),
        }))["id"]!;
        string[] paths =
        [
            "/console", "/console/notifications", $"/console/notifications/{id}", $"/console/deliveries/{accepted["deliveries"]![0]!["id"]}",
            "/console/failed", "/console/templates", "/console/templates/page-check", "/console/templates/new", "/console/recipients?q=page-check",
            "/console/recipients/page-check", "/console/topics", "/console/webhooks", "/console/api-keys", "/console/workflows",
            $"/console/notifications/{trigger}",
        ];
        var laptop = await console.SignedInPageAsync();
        await laptop.ScreenshotAsync("overview");
        var phone = await console.SignedInPageAsync(width: 390, height: 844);

        foreach (var path in paths)
        {
            (await laptop.GotoAsync($"{console.BaseUrl}{path}"))!.Status.ShouldBe(200, path);
            await laptop.ShouldPassAxeAsync();
            // Wide tables scroll inside their own (focusable) frame; the page itself never scrolls sideways.
            (await phone.GotoAsync($"{console.BaseUrl}{path}"))!.Status.ShouldBe(200, path);
            (await phone.FitsWidthAsync()).ShouldBeTrue($"{path} at 390 px scrolls sideways");
        }
        await phone.GotoAsync($"{console.BaseUrl}/console");
        await phone.ScreenshotAsync("overview-phone");
        await laptop.GotoAsync($"{console.BaseUrl}/console/topics");
        await laptop.ScreenshotAsync("topics");
        await laptop.GotoAsync($"{console.BaseUrl}/console/workflows");
        await laptop.ScreenshotAsync("workflows");
        await laptop.GotoAsync($"{console.BaseUrl}/console/notifications/{trigger}");
        (await laptop.Locator("#runs-heading + .table-wrap").InnerTextAsync()).ShouldContain("waiting");
        await laptop.ScreenshotAsync("workflow-runs");
    }
}
