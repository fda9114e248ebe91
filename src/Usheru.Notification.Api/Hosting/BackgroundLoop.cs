namespace Usheru.Notification.Api.Hosting;

/// <summary>
/// Runs a background loop for the life of the service. An exception the loop lets escape is logged
/// and the loop started again after a pause (1 s, doubling up to 30 s while it keeps failing at
/// once), rather than ending the worker, or, with .NET's default of stopping the host, the whole
/// process and every delivery in flight on it.
/// </summary>
internal static class BackgroundLoop
{
    public static readonly TimeSpan FirstPause = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(30);

    /// <summary>Returns when <paramref name="loop"/> returns, or once <paramref name="stoppingToken"/> is cancelled.</summary>
    public static async Task RunAsync(string name, Func<CancellationToken, Task> loop, TimeProvider time, ILogger logger, CancellationToken stoppingToken)
    {
        var pause = FirstPause;
        while (!stoppingToken.IsCancellationRequested)
        {
            var started = time.GetTimestamp();
            try
            {
                await loop(stoppingToken);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A loop that ran a good while before failing starts over from the shortest pause.
                pause = time.GetElapsedTime(started) > LongestPause ? FirstPause : pause;
                logger.LogError(ex, "{Worker} failed unexpectedly; restarting it in {Pause}", name, pause);
            }
            try
            {
                await Task.Delay(pause, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
        }
    }
}
