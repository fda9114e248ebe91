using System.Collections.Concurrent;
using System.Diagnostics;

namespace Usheru.Notification.Api.Tests.Hostile;

/// <summary>
/// Asks <c>/health/live</c> again and again on its own connection while the attacks run, and keeps
/// how long each answer took: the service's responsiveness measured from outside, throughout.
/// </summary>
public sealed class LivenessProbe : IAsyncDisposable
{
    private readonly HttpClient client;
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentQueue<Answer> answers = new();
    private readonly Task running;

    public LivenessProbe(Uri baseAddress)
    {
        client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        running = Task.Run(RunAsync);
    }

    /// <summary>One probe: when it was sent and answered (<see cref="Stopwatch"/> timestamps), and its status (0: no answer).</summary>
    public sealed record Answer(long SentAt, long AnsweredAt, int Status)
    {
        public TimeSpan Took => Stopwatch.GetElapsedTime(SentAt, AnsweredAt);
    }

    /// <summary>Every answer so far.</summary>
    public IReadOnlyList<Answer> Answers => [.. answers];

    /// <summary>
    /// Waits for a probe sent after now to be answered, so that every probe overlapping what came
    /// before has been answered too, then returns those that overlapped the time since <paramref name="since"/>.
    /// </summary>
    public async Task<IReadOnlyList<Answer>> AnswersSinceAsync(long since, TimeSpan timeout)
    {
        var now = Stopwatch.GetTimestamp();
        var deadline = DateTime.UtcNow + timeout;
        while (!answers.Any(a => a.SentAt >= now))
        {
            if (DateTime.UtcNow > deadline || running.IsCompleted)
            {
                throw new TimeoutException($"No liveness probe sent after the attack was answered within {timeout}.");
            }
            await Task.Delay(5);
        }
        return [.. answers.Where(a => a.AnsweredAt >= since)];
    }

    private async Task RunAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            var sentAt = Stopwatch.GetTimestamp();
            var status = 0;
            try
            {
                using var response = await client.GetAsync("/health/live", stop.Token);
                status = (int)response.StatusCode;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
                // The client's own timeout: recorded as no answer.
            }
            answers.Enqueue(new Answer(sentAt, Stopwatch.GetTimestamp(), status));
            // A short gap keeps the probe from becoming load itself; it measures each answer, not the gap.
            await Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await running;
        client.Dispose();
        stop.Dispose();
    }
}
