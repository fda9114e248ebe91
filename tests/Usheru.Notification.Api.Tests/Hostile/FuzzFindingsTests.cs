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

    /// <summary>
    /// The file's bytes go into each template field as they are (only quotes, backslashes and control
    /// bytes escaped, as JSON needs): text reaches the template validator, and bytes that are not
    /// UTF-8 must meet the body check's 400, never be skipped.
    /// </summary>
    [Theory]
    [MemberData(nameof(FuzzFindings.Templates), MemberType = typeof(FuzzFindings))]
    public async Task A_template_the_fuzzer_found_is_answered_without_a_server_error(string file)
    {
        var template = JsonString(await File.ReadAllBytesAsync(Path.Combine(FuzzFindings.Folder, file)));
        var client = hostile.Service.Client();

        using var sent = await client.PostAsync("/v1/notifications", Body(
            """{"to":[{"email":"ann@example.com"}],"content":{"email":{"subject":""", template, ""","text":""", template, ""","html":""", template,
            """}},"data":{"film":"Dune","items":[1,2,3]}}"""));
        using var stored = await client.PutAsync("/v1/templates/fuzz-finding", Body("""{"channels":{"sms":{"text":""", template, "}}}"));
        using var preview = await client.PostAsJsonAsync("/v1/templates/fuzz-finding/preview", new { data = new { film = "Dune" } });

        ((int)sent.StatusCode).ShouldBeLessThan(500, $"{file} sent: {await sent.Content.ReadAsStringAsync()}");
        ((int)stored.StatusCode).ShouldBeLessThan(500, $"{file} stored: {await stored.Content.ReadAsStringAsync()}");
        ((int)preview.StatusCode).ShouldBeLessThan(500, $"{file} previewed: {await preview.Content.ReadAsStringAsync()}");
        if (Utf8.IsValid(template))
        {
            // Text must reach the template validator, not stop at the JSON check.
            (await sent.Content.ReadAsStringAsync()).ShouldNotContain("not valid JSON", Case.Sensitive, file);
            (await stored.Content.ReadAsStringAsync()).ShouldNotContain("not valid JSON", Case.Sensitive, file);
        }
        else
        {
            foreach (var refused in new[] { sent, stored })
            {
                ((int)refused.StatusCode).ShouldBe(400, file);
                (await refused.Content.ReadAsStringAsync()).ShouldContain("not valid UTF-8");
            }
        }
        await StaysLiveAsync();
    }

    /// <summary>JSON text and raw bytes, one after another, as an application/json body.</summary>
    private static ByteArrayContent Body(params object[] parts)
    {
        var content = new ByteArrayContent([.. parts.SelectMany(part => part as byte[] ?? Encoding.UTF8.GetBytes((string)part))]);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        return content;
    }

    /// <summary>The bytes between quotes, with what JSON must escape escaped and every other byte left as it is.</summary>
    private static byte[] JsonString(byte[] raw) =>
        [(byte)'"', .. raw.SelectMany(b => b switch
        {
            (byte)'"' or (byte)'\\' => new[] { (byte)'\\', b },
            < 0x20 => Encoding.ASCII.GetBytes($"\\u{b:x4}"),
            _ => new[] { b },
        }), (byte)'"'];

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
