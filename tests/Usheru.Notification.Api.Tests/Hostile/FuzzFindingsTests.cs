using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace Usheru.Notification.Api.Tests.Hostile;

/// <summary>
/// Every input the fuzzer ever crashed on (<c>fuzz/regressions/</c>), and its seed corpus, sent to
/// the real service: whatever the answer, it is not a 5xx, and the service stays live.
/// </summary>
public abstract class FuzzFindingsTests<TService>(TService hostile) : IClassFixture<TService> where TService : HostileService
{
    [Theory]
    [MemberData(nameof(FuzzFindings.Requests), MemberType = typeof(FuzzFindings))]
    public async Task A_request_body_the_fuzzer_found_is_answered_without_a_server_error(string file)
    {
        using var content = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(FuzzFindings.Folder, file)));
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");

        using var response = await hostile.Service.Client().PostAsync("/v1/notifications", content);

        ((int)response.StatusCode).ShouldBeLessThan(500, $"{file}: {await response.Content.ReadAsStringAsync()}");
        await StaysLiveAsync();
    }

    [Theory]
    [MemberData(nameof(FuzzFindings.Templates), MemberType = typeof(FuzzFindings))]
    public async Task A_template_the_fuzzer_found_is_answered_without_a_server_error(string file)
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(FuzzFindings.Folder, file));
        if (!Utf8.IsValid(bytes))
        {
            return; // Not text: it never reaches the template validator, the JSON check refuses it first.
        }
        var template = Encoding.UTF8.GetString(bytes);
        var client = hostile.Service.Client();

        using var sent = await client.PostAsJsonAsync("/v1/notifications", new JsonObject
        {
            ["to"] = new JsonArray(new JsonObject { ["email"] = "ann@example.com" }),
            ["content"] = new JsonObject { ["email"] = new JsonObject { ["subject"] = template, ["text"] = template, ["html"] = template } },
            ["data"] = new JsonObject { ["film"] = "Dune", ["items"] = new JsonArray(1, 2, 3) },
        });
        using var stored = await client.PutAsJsonAsync("/v1/templates/fuzz-finding", new { channels = new { sms = new { text = template } } });
        using var preview = await client.PostAsJsonAsync("/v1/templates/fuzz-finding/preview", new { data = new { film = "Dune" } });

        ((int)sent.StatusCode).ShouldBeLessThan(500, $"{file} sent: {await sent.Content.ReadAsStringAsync()}");
        ((int)stored.StatusCode).ShouldBeLessThan(500, $"{file} stored: {await stored.Content.ReadAsStringAsync()}");
        ((int)preview.StatusCode).ShouldBeLessThan(500, $"{file} previewed: {await preview.Content.ReadAsStringAsync()}");
        await StaysLiveAsync();
    }

    private async Task StaysLiveAsync() =>
        (await hostile.Service.Client(key: null).GetAsync("/health/live")).EnsureSuccessStatusCode();

}

/// <summary>The files of <c>fuzz/regressions</c> and <c>fuzz/corpus</c>, by target.</summary>
public static class FuzzFindings
{
    public static readonly string Folder = FindFuzzFolder();

    public static TheoryData<string> Requests() => Files("request");

    public static TheoryData<string> Templates() => Files("template");

    private static TheoryData<string> Files(string target) =>
        [.. new[] { "regressions", "corpus" }.SelectMany(kind => Directory.EnumerateFiles(Path.Combine(Folder, kind, target)))
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .Select(f => Path.GetRelativePath(Folder, f)).Order(StringComparer.Ordinal)];

    private static string FindFuzzFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (Directory.Exists(Path.Combine(folder.FullName, "fuzz", "corpus")))
            {
                return Path.Combine(folder.FullName, "fuzz");
            }
        }
        throw new DirectoryNotFoundException("No fuzz/corpus above the test binaries.");
    }
}

public sealed class FuzzFindingsOnSqlite(HostileServiceOnSqlite hostile) : FuzzFindingsTests<HostileServiceOnSqlite>(hostile);

public sealed class FuzzFindingsOnPostgres(HostileServiceOnPostgres hostile) : FuzzFindingsTests<HostileServiceOnPostgres>(hostile);
