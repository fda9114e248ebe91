using System.Diagnostics;
using System.Net;

namespace Usheru.Notification.Bench.Load;

/// <summary>
/// Open-loop load: requests start on a fixed schedule whether or not earlier ones were answered,
/// and each latency runs from the request's scheduled start, so a stall shows in the percentiles
/// instead of quietly slowing the sender (no coordinated omission). Runs inside the harness, on
/// the same machine as what it measures.
/// </summary>
internal sealed class PacedLoad : IDisposable
{
    private readonly HttpClient client = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 1024,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
    })
    { Timeout = TimeSpan.FromSeconds(30) };

    /// <param name="onSuccess">Given each 2xx response and when it arrived (a <see cref="Stopwatch"/> timestamp).</param>
    public Task<PacedResult> RunAsync(Func<HttpRequestMessage> request, double ratePerSecond, TimeSpan duration, Func<HttpResponseMessage, long, Task>? onSuccess = null) =>
        RunAsync(request, ratePerSecond, (int)(ratePerSecond * duration.TotalSeconds), onSuccess);

    /// <param name="onSuccess">Given each 2xx response and when it arrived (a <see cref="Stopwatch"/> timestamp).</param>
    public async Task<PacedResult> RunAsync(Func<HttpRequestMessage> request, double ratePerSecond, int count, Func<HttpResponseMessage, long, Task>? onSuccess = null)
    {
        var latencies = new double[count];
        var succeeded = new bool[count];
        var sends = new Task[count];
        var interval = Stopwatch.Frequency / ratePerSecond;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var due = start + (long)(i * interval);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }
            sends[i] = SendAsync(i, due);
        }
        await Task.WhenAll(sends);
        return new PacedResult(ratePerSecond, count, succeeded.Count(s => s), LatencySummary.Of(latencies.Where((_, i) => succeeded[i])));

        async Task SendAsync(int index, long due)
        {
            try
            {
                using var message = request();
                using var response = await client.SendAsync(message);
                await response.Content.LoadIntoBufferAsync();
                var answered = Stopwatch.GetTimestamp();
                latencies[index] = Stopwatch.GetElapsedTime(due, answered).TotalMilliseconds;
                succeeded[index] = response.IsSuccessStatusCode;
                if (succeeded[index] && onSuccess is not null)
                {
                    await onSuccess(response, answered);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Counted as not succeeded.
            }
        }
    }

    public void Dispose() => client.Dispose();
}
