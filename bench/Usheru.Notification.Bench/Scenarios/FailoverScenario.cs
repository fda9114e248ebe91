using System.Diagnostics;
using Npgsql;
using Usheru.Notification.Bench.Processes;
using Usheru.Notification.Bench.Storage;
using Usheru.Notification.Bench.Targets;

namespace Usheru.Notification.Bench.Scenarios;

/// <summary>
/// PostgreSQL, two instances draining one queued backlog with the lease at its default (60 s):
/// kill -9 one of them once both are up and another fifth of the backlog has arrived, and time how long the deliveries it held take to
/// reach the sink from the other (instance liveness: the survivor sees the dead one's heartbeat stop).
/// </summary>
internal static class FailoverScenario
{
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(120);

    public static async Task<FailoverResult> RunAsync(BenchContext context, IBenchEngine engine, int count)
    {
        var connectionString = await engine.CreateDatabaseAsync(context.NextDatabaseName("failover"));
        var arrivals = context.Smtp.Arrivals;
        arrivals.Reset();
        var firstArrivals = arrivals.Track();
        // Both up and idle first, then the backlog and a wake-up: they start draining it together.
        await using var b = await ServiceTarget.StartAsync(context, engine, connectionString);
        var instanceB = await OtherInstanceAsync(connectionString, "");
        await using var a = await ServiceTarget.StartAsync(context, engine, connectionString);
        var instanceA = await OtherInstanceAsync(connectionString, instanceB);
        await engine.LoadBacklogAsync(connectionString, Backlog.Email(count));
        await WakeAsync(connectionString);
        await arrivals.WaitForAsync(count / 5, Stall);
        await a.KillAsync();
        var killedAt = Stopwatch.GetTimestamp();
        var held = await HeldByAsync(connectionString, instanceA);
        context.Progress($"{engine.Name}: killed an instance holding {held.Count} deliveries; by instance and status: {await InFlightAsync(connectionString)}");
        // Sent by the survivor, as the database records it: a held delivery may have reached the sink
        // before the kill with its result not yet written, and is then sent again.
        var settled = await SettledAsync(connectionString, held);
        // Every distinct delivery, not a count: the killed instance's duplicates count too.
        var lastProgress = Stopwatch.GetTimestamp();
        for (var seen = firstArrivals.Count; firstArrivals.Count < count && Stopwatch.GetElapsedTime(lastProgress) < Stall; await Task.Delay(20))
        {
            if (firstArrivals.Count != seen)
            {
                (seen, lastProgress) = (firstArrivals.Count, Stopwatch.GetTimestamp());
            }
        }
        b.ThrowIfExited("the failover drain");
        var arrived = held.All(firstArrivals.ContainsKey);
        var after = settled is { } at && arrived ? Stopwatch.GetElapsedTime(killedAt, at) : TimeSpan.MaxValue;
        return new FailoverResult(count, firstArrivals.Count, held.Count, after);
    }

    /// <summary>The id of an instance with a heartbeat row other than <paramref name="known"/>.</summary>
    private static async Task<string> OtherInstanceAsync(string connectionString, string known)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < Stall)
        {
            await using var read = new NpgsqlCommand("SELECT id FROM instances WHERE id <> @known", connection);
            read.Parameters.AddWithValue("known", known);
            if (await read.ExecuteScalarAsync() is string id)
            {
                return id;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("The instance wrote no heartbeat row.");
    }

    /// <summary>When every one of <paramref name="held"/> was recorded <c>sent</c> (a Stopwatch timestamp); null if not within the stall.</summary>
    private static async Task<long?> SettledAsync(string connectionString, IReadOnlyList<string> held)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < Stall)
        {
            await using var read = new NpgsqlCommand("SELECT COUNT(*) FROM deliveries WHERE id = ANY(@held) AND status <> 'sent'", connection);
            read.Parameters.AddWithValue("held", held.ToArray());
            if ((long)(await read.ExecuteScalarAsync() ?? 0L) == 0)
            {
                return Stopwatch.GetTimestamp();
            }
            await Task.Delay(20);
        }
        return null;
    }

    /// <summary>What the service itself announces when it writes work: every instance's workers wake.</summary>
    private static async Task WakeAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var notify = new NpgsqlCommand("NOTIFY usheru_work", connection);
        await notify.ExecuteNonQueryAsync();
    }

    private static async Task<string> InFlightAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand(
            "SELECT string_agg(COALESCE(leased_by, 'none') || ' ' || status || ' ' || n, ', ') FROM (SELECT leased_by, status, COUNT(*) n FROM deliveries GROUP BY 1, 2) c",
            connection);
        return await read.ExecuteScalarAsync() as string ?? "";
    }

    private static async Task<IReadOnlyList<string>> HeldByAsync(string connectionString, string instance)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand("SELECT id FROM deliveries WHERE status = 'sending' AND leased_by = @instance", connection);
        read.Parameters.AddWithValue("instance", instance);
        var ids = new List<string>();
        await using var rows = await read.ExecuteReaderAsync();
        while (await rows.ReadAsync())
        {
            ids.Add(rows.GetString(0));
        }
        return ids;
    }
}
