using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Usheru.Notification.Api.Hosting;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Hosting;

public sealed class BackgroundLoopTests
{
    [Fact]
    public async Task Logs_an_unexpected_exception_and_runs_the_loop_again_after_a_pause()
    {
        var time = new FakeTimeProvider();
        var logger = new RecordingLogger();
        var runs = 0;
        var secondRun = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();

        var worker = BackgroundLoop.RunAsync("TestWorker", async ct =>
        {
            if (++runs == 1)
            {
                throw new FormatException("a stored row that does not parse");
            }
            secondRun.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
        }, time, logger, stop.Token);
        await logger.WaitForErrorsAsync(1);
        runs.ShouldBe(1, "not restarted before the pause");
        time.Advance(BackgroundLoop.FirstPause);
        await secondRun.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        await worker.WaitAsync(TimeSpan.FromSeconds(10));

        runs.ShouldBe(2);
        logger.Errors.ShouldHaveSingleItem().ShouldBeOfType<FormatException>();
    }

    [Fact]
    public async Task Pauses_longer_each_time_a_loop_fails_at_once_up_to_a_limit()
    {
        var time = new FakeTimeProvider();
        var logger = new RecordingLogger();
        using var stop = new CancellationTokenSource();

        var worker = BackgroundLoop.RunAsync("TestWorker", _ => throw new InvalidCastException(), time, logger, stop.Token);
        await logger.WaitForErrorsAsync(1);
        foreach (var seconds in new[] { 1, 2, 4, 8, 16, 30, 30 })
        {
            var failures = logger.Errors.Count;
            time.Advance(TimeSpan.FromSeconds(seconds) - TimeSpan.FromMilliseconds(1));
            logger.Errors.Count.ShouldBe(failures, $"not restarted before {seconds} s");
            time.Advance(TimeSpan.FromMilliseconds(1));
            await logger.WaitForErrorsAsync(failures + 1);
        }
        await stop.CancelAsync();
        await worker.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Ends_quietly_when_the_service_stops()
    {
        using var stop = new CancellationTokenSource();
        var logger = new RecordingLogger();
        var worker = BackgroundLoop.RunAsync("TestWorker", ct => Task.Delay(Timeout.Infinite, ct), TimeProvider.System, logger, stop.Token);

        await stop.CancelAsync();
        await worker.WaitAsync(TimeSpan.FromSeconds(10));

        logger.Errors.ShouldBeEmpty();
    }

    private sealed class RecordingLogger : ILogger
    {
        private readonly List<Exception> errors = [];

        public IReadOnlyList<Exception> Errors
        {
            get
            {
                lock (errors)
                {
                    return [.. errors];
                }
            }
        }

        public Task<int> WaitForErrorsAsync(int count) =>
            Eventually.GetAsync(() => Task.FromResult(Errors.Count), n => n >= count, what: $"{count} errors to be logged");

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Error && exception is not null)
            {
                lock (errors)
                {
                    errors.Add(exception);
                }
            }
        }
    }
}
