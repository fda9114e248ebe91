using System.Globalization;
using Npgsql;

namespace Usheru.Notification.Bench.Storage;

/// <summary>
/// Samples what the server's busy client backends are doing, every 100 ms over a window: running
/// (<c>CPU</c>), waiting on a lock, on a WAL flush, or on the client (<c>idle in transaction</c>).
/// The run's server serves only the measurement in progress, so every backend counts.
/// </summary>
internal sealed class PostgresWaitSampler : IAsyncDisposable
{
    private const string Sample = """
        SELECT CASE WHEN state = 'idle in transaction' THEN 'idle in transaction'
                    ELSE COALESCE(wait_event_type || ':' || wait_event, 'CPU') END
          FROM pg_stat_activity
         WHERE backend_type = 'client backend' AND state <> 'idle' AND pid <> pg_backend_pid()
        """;

    private readonly Dictionary<string, int> counts = [];
    private readonly CancellationTokenSource stop = new();
    private readonly Task sampling;

    private PostgresWaitSampler(string connectionString) => sampling = SampleAsync(connectionString);

    public static PostgresWaitSampler Start(PostgresCluster cluster) => new(cluster.AdminConnectionString);

    /// <summary>The commonest states, each as its share of all samples, e.g. <c>Lock:object 74%</c>.</summary>
    public async Task<string> StopAsync()
    {
        await stop.CancelAsync();
        await sampling;
        var total = counts.Values.Sum();
        return total == 0
            ? "no busy backends"
            : string.Join(", ", counts.OrderByDescending(c => c.Value).Take(3)
                .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {(double)c.Value / total:0%}")));
    }

    public async ValueTask DisposeAsync()
    {
        if (!stop.IsCancellationRequested)
        {
            await StopAsync();
        }
        stop.Dispose();
    }

    private async Task SampleAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var sample = new NpgsqlCommand(Sample, connection);
        using var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            while (await ticks.WaitForNextTickAsync(stop.Token))
            {
                await using var reader = await sample.ExecuteReaderAsync(stop.Token);
                while (await reader.ReadAsync(stop.Token))
                {
                    var state = reader.GetString(0);
                    counts[state] = counts.GetValueOrDefault(state) + 1;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The window closed.
        }
    }
}
