using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Usheru.Notification.Api.Tests.Support;
using Xunit.Abstractions;

namespace Usheru.Notification.Api.Tests.Hostile;

/// <summary>
/// Every vector of <see cref="HostileVectors"/>, sent over HTTP to the real app: refused with a 4xx
/// (a problem naming the field where the app answers), nothing stored changed, and the liveness
/// probe answered within a second all the while.
/// </summary>
public abstract class HostileInputTests<TService>(TService hostile, ITestOutputHelper output) : IClassFixture<TService> where TService : HostileService
{
    private static readonly TimeSpan Responsive = TimeSpan.FromSeconds(1);
    private const string TimeLimit = "Templates:MaxRenderTime";

    [Theory]
    [MemberData(nameof(HostileVectors.Names), MemberType = typeof(HostileVectors))]
    public async Task Refuses_the_attack_changes_nothing_and_stays_live(string vectorName)
    {
        var vector = HostileVectors.Named(vectorName);
        var before = await hostile.FingerprintAsync();
        var since = Stopwatch.GetTimestamp();

        var (status, contentType, body) = vector.Raw is null ? await SendAsync(vector) : await SendRawAsync(vector.Raw);
        var took = Stopwatch.GetElapsedTime(since);
        var probes = await hostile.Probe.AnswersSinceAsync(since, TimeSpan.FromSeconds(30));

        output.WriteLine($"{vector}: {status} in {took.TotalMilliseconds:0} ms; slowest of {probes.Count} liveness probes meanwhile {probes.Max(p => p.Took).TotalMilliseconds:0} ms");
        output.WriteLine(body.Length > 600 ? body[..600] : body);
        vector.Statuses.ShouldContain(status, $"{vector} was answered {status}: {body}");
        if (vector.Raw is null && !vector.ByServer && status != 413 && status != 414)
        {
            contentType.ShouldBe("application/problem+json", $"{vector}: {body}");
            var problem = JsonNode.Parse(body)!;
            problem["status"]!.GetValue<int>().ShouldBe(status);
            body.ShouldNotContain("   at ", Case.Sensitive, "no stack trace");
            // The clock bounds every render of a request; on a machine slowed enough it is met first, in
            // whichever field was rendering, before the limit the bomb aims at. A bomb aimed at the clock
            // may likewise meet the memory or step limit first on a slow machine: either way it is boxed.
            var timeUp = vector.Says?.StartsWith("Templates:", StringComparison.Ordinal) == true
                && (body.Contains(TimeLimit, StringComparison.Ordinal) || (vector.Says == TimeLimit && body.Contains("(Templates:", StringComparison.Ordinal)));
            if (vector.Field is { } field && !timeUp)
            {
                problem["errors"]?[field].ShouldNotBeNull($"{vector}: an error for '{field}' in {body}");
            }
            if (vector.Says is { } says && !timeUp)
            {
                body.ShouldContain(says, Case.Sensitive, vector.ToString());
            }
        }
        if (vector.Class == "template")
        {
            // The promise: a template bomb is refused within a second (Templates:MaxRenderTime is half that).
            took.ShouldBeLessThan(Responsive, $"{vector}: refused after {took.TotalMilliseconds:0} ms");
        }
        (await hostile.FingerprintAsync()).ShouldBe(before, $"{vector} changed what is stored");
        probes.ShouldAllBe(p => p.Status == 200, $"{vector}: a liveness probe went unanswered");
        probes.Max(p => p.Took).ShouldBeLessThan(Responsive, $"{vector}: /health/live slowed past a second");
    }

    private async Task<(int Status, string? ContentType, string Body)> SendAsync(HostileVector vector)
    {
        var (method, path) = (vector.Request.Split(' ', 2)[0], Fill(vector.Request.Split(' ', 2)[1]));
        var authorization = vector.As switch
        {
            "admin" => $"Bearer {TestService.BootstrapKey}",
            "none" => null,
            var seed when hostile.Seeds.TryGetValue(seed, out var key) => $"Bearer {key}",
            var header => header,
        };
        using var client = hostile.Client(authorization);
        // Sent exactly as written: no dot-segment removal, no unescaping of the path.
        var uri = new Uri(client.BaseAddress!.GetLeftPart(UriPartial.Authority) + path, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        using var request = new HttpRequestMessage(new HttpMethod(method), uri);
        if (vector.Body is { } body)
        {
            var bytes = body.Bytes;
            if (Encoding.UTF8.GetString(bytes) is var text && text.Contains("{endpoint}", StringComparison.Ordinal))
            {
                bytes = Encoding.UTF8.GetBytes(Fill(text));
            }
            request.Content = new ByteArrayContent(bytes);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", body.ContentType);
        }
        foreach (var (name, value) in vector.Headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await client.SendAsync(request);
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    /// <summary>What no HTTP client will send: bytes on a fresh connection, and the status line that comes back.</summary>
    private async Task<(int Status, string? ContentType, string Body)> SendRawAsync(string raw)
    {
        var address = hostile.Service.Client().BaseAddress!;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(raw));
        using var reader = new StreamReader(stream, Encoding.Latin1);
        var answer = await reader.ReadToEndAsync();
        var statusLine = answer.Split("\r\n", 2)[0];
        return (int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), null, answer);
    }

    private string Fill(string text) => text
        .Replace("{notification}", hostile.Seeds["notification"], StringComparison.Ordinal)
        .Replace("{endpoint}", hostile.Seeds["endpoint"], StringComparison.Ordinal);
}

public sealed class HostileInputOnSqlite(HostileServiceOnSqlite hostile, ITestOutputHelper output) : HostileInputTests<HostileServiceOnSqlite>(hostile, output);

public sealed class HostileInputOnPostgres(HostileServiceOnPostgres hostile, ITestOutputHelper output) : HostileInputTests<HostileServiceOnPostgres>(hostile, output);
