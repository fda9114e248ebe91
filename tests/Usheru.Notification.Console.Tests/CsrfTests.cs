namespace Usheru.Notification.Console.Tests;

/// <summary>A signed-in operator visits a hostile page; its form cannot act for them.</summary>
[Collection(SharedBrowser.Name)]
public sealed class CsrfTests(ConsoleFixture console)
{
    [Fact]
    public async Task A_form_posted_from_another_origin_is_refused_and_changes_nothing()
    {
        var name = $"csrf-{Guid.NewGuid():N}"[..12];
        var page = await console.SignedInPageAsync();
        // Same host, other port: the same site, so even SameSite cookies go along. Only the antiforgery token stops it.
        var hostile = console.HostPage($"/{name}.html", $"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Win tickets</title></head><body>
            <form id="f" method="post" action="{console.BaseUrl}/console/api-keys">
              <input name="_handler" value="create-key"><input name="Create.Name" value="{name}"><input name="Create.Admin" value="true">
            </form><script>document.getElementById('f').submit()</script></body></html>
            """);

        var response = await page.RunAndWaitForResponseAsync(() => page.GotoAsync(hostile), r => r.Url.EndsWith("/console/api-keys", StringComparison.Ordinal));

        response.Status.ShouldBe(400);
        var keys = (await console.Api.GetFromJsonAsync<JsonObject>("/v1/api-keys"))!["items"]!.AsArray();
        keys.ShouldNotContain(k => (string)k!["name"]! == name);
    }
}
