using System.Globalization;
using Usheru.Notification.Bench.Processes;

namespace Usheru.Notification.Bench.Load;

/// <summary>
/// Closed-loop load with wrk: a fixed number of connections, each sending the same POST again as
/// soon as the last one is answered. wrk runs on the same machine as what it measures.
/// </summary>
internal sealed class WrkLoad(string wrk, string scriptDirectory)
{
    private const string ResultMarker = "WRK_RESULT";

    public async Task<WrkResult> RunAsync(Uri url, string body, string bearerToken, int connections, TimeSpan duration)
    {
        var script = Path.Combine(scriptDirectory, $"wrk-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(script, Script(body, bearerToken));
        var threads = Math.Min(connections, Environment.ProcessorCount);
        var output = await Shell.RunAsync(wrk,
        [
            $"-t{threads}", $"-c{connections}", string.Create(CultureInfo.InvariantCulture, $"-d{(int)duration.TotalSeconds}s"),
            "--timeout", "10s", "-s", script, url.ToString(),
        ]);
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith(ResultMarker, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"wrk printed no result: {output}");
        var n = line[ResultMarker.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return new WrkResult((long)n[0], n[1] / 1e6, (long)n[2], (long)n[3], new LatencySummary((int)n[0], n[4] / 1e3, n[5] / 1e3, n[6] / 1e3));
    }

    /// <summary>The request, and a <c>done</c> hook that prints the summary on one line: requests,
    /// duration µs, non-2xx/3xx, socket errors, p50 µs, p99 µs, max µs.</summary>
    private static string Script(string body, string bearerToken) => $$"""
        wrk.method = "POST"
        wrk.body = [==[{{body}}]==]
        wrk.headers["Content-Type"] = "application/json"
        wrk.headers["Authorization"] = "Bearer {{bearerToken}}"
        function done(summary, latency, requests)
          local e = summary.errors
          io.write(string.format("{{ResultMarker}} %d %d %d %d %d %d %d\n", summary.requests, summary.duration, e.status,
            e.connect + e.read + e.write + e.timeout, latency:percentile(50), latency:percentile(99), latency.max))
        end
        """;
}
