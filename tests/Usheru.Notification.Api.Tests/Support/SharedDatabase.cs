using Dapper;
using Npgsql;
using Xunit.Abstractions;

namespace Usheru.Notification.Api.Tests.Support;

/// <summary>
/// A PostgreSQL database that several service processes share, as the ECS tasks of one environment
/// share RDS: it starts instances on itself and reads the deliveries table between their lives the
/// way an operator would (what <see cref="ServiceData"/> is for one process on SQLite).
/// </summary>
internal sealed class SharedDatabase(PostgresCluster cluster) : IDisposable
{
    // Only the processes' outbox folder is used: email goes over SMTP and the rows to PostgreSQL.
    private readonly ServiceData _files = new();

    // What the service processes get: pooled, as in production (unpooled, every statement of theirs
    // paid for a new server process, and a claim took 200 ms instead of a few).
    private readonly string _serviceConnectionString = cluster.CreateDatabase();

    /// <summary>
    /// The test's own reads. Unpooled: a connection kept across a server restart would fail the
    /// test's next read.
    /// </summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder(_serviceConnectionString) { Pooling = false }.ConnectionString;

    /// <summary>Starts a service process on this database, on <paramref name="at"/> or a free port.</summary>
    public Task<ServiceProcess> StartInstanceAsync(ITestOutputHelper output, IReadOnlyDictionary<string, string?> settings, Uri? at = null)
    {
        var onPostgres = new Dictionary<string, string?> { ["Storage:Provider"] = "postgres", ["Storage:ConnectionString"] = _serviceConnectionString };
        return ServiceProcess.StartAsync(at ?? ClosedPort.Url(), _files, output, settings, onPostgres);
    }

    /// <summary>Delivery rows by status.</summary>
    public async Task<IReadOnlyDictionary<string, long>> DeliveryCountsAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        var rows = await connection.QueryAsync<(string Status, long Count)>("SELECT status, COUNT(*) FROM deliveries GROUP BY status");
        return rows.ToDictionary(r => r.Status, r => r.Count);
    }

    /// <summary>The deliveries claimed more than once: rescued from a worker whose lease ran out, or retried.</summary>
    public async Task<IReadOnlySet<string>> ClaimedMoreThanOnceAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        return (await connection.QueryAsync<string>("SELECT id FROM deliveries WHERE attempts > 1")).ToHashSet();
    }

    /// <summary>Sessions on this database that LISTEN for work: one per running instance.</summary>
    public async Task<long> ListenersAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        return await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %'");
    }

    public void Dispose() => _files.Dispose();
}
