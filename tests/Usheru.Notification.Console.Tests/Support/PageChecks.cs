using System.Text.Json;

namespace Usheru.Notification.Console.Tests.Support;

/// <summary>What every console page is checked for: a screenshot for the docs, and axe-core's verdict.</summary>
public static class PageChecks
{
    private static readonly Lazy<string> AxeScript = new(FindAxe);

    /// <summary>The folder under the test output where screenshots go (docs/console.md uses copies of them).</summary>
    public static string Screenshots { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    /// <summary>A full-page screenshot; whatever <paramref name="secrets"/> locate is painted over, so no secret reaches the docs.</summary>
    public static Task ScreenshotAsync(this IPage page, string name, params ILocator[] secrets) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, $"{name}.png"), FullPage = true, Mask = secrets });

    /// <summary>Runs axe-core on the page and fails on any serious or critical violation, naming the rule and the elements.</summary>
    public static async Task ShouldPassAxeAsync(this IPage page)
    {
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = AxeScript.Value });
        var violations = await page.EvaluateAsync<JsonElement>("""
            async () => (await axe.run(document, { resultTypes: ['violations'] })).violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`)
            """);
        violations.EnumerateArray().Select(v => v.GetString()).ShouldBeEmpty($"axe-core on {page.Url}");
    }

    /// <summary>Whether the page fits its viewport's width, with no sideways scrolling of the whole page.</summary>
    public static Task<bool> FitsWidthAsync(this IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1");

    private static string FindAxe()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "node_modules", "axe-core", "axe.min.js");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException("axe-core is missing: run `npm ci` in tests/Usheru.Notification.Console.Tests (.ci/run does).");
    }
}
