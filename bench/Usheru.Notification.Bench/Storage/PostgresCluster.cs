using System.Globalization;
using Npgsql;
using Usheru.Notification.Bench.Processes;

namespace Usheru.Notification.Bench.Storage;

/// <summary>
/// A throw-away PostgreSQL server for the run, in a temporary folder on a free port. Settings are
/// the package defaults (fsync and synchronous commit on) except the connection limit, which must
/// hold the service's pool, Hangfire's 64 workers and the loaders together.
/// </summary>
internal sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string bin;
    private readonly string folder;

    private PostgresCluster(string bin, string folder, int port)
    {
        this.bin = bin;
        this.folder = folder;
        AdminConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";
    }

    public string AdminConnectionString { get; }

    /// <summary>The postmaster, parent of every backend.</summary>
    public int PostmasterPid => int.Parse(File.ReadLines(Path.Combine(Data, "postmaster.pid")).First(), CultureInfo.InvariantCulture);

    private string Data => Path.Combine(folder, "data");

    public static async Task<PostgresCluster> StartAsync()
    {
        var bin = Prerequisites.PostgresBin();
        var folder = Directory.CreateTempSubdirectory("usheru-bench-pg-").FullName;
        if (Environment.UserName == "root")
        {
            await Shell.RunAsync("chown", ["postgres", folder]);
        }
        var cluster = new PostgresCluster(bin, folder, FreePort.Next());
        var port = new NpgsqlConnectionStringBuilder(cluster.AdminConnectionString).Port;
        // --no-sync only skips flushing the freshly created template files; the server itself runs with fsync on.
        await Shell.RunAsPostgresAsync(Path.Combine(bin, "initdb"), ["-D", cluster.Data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"]);
        await Shell.RunAsPostgresAsync(Path.Combine(bin, "pg_ctl"),
            ["-D", cluster.Data, "-l", Path.Combine(folder, "log"), "-w", "-o",
             $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=300", "start"]);
        return cluster;
    }

    /// <summary>A new, empty database and the connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await Shell.RunAsPostgresAsync(Path.Combine(bin, "pg_ctl"), ["-D", Data, "-m", "immediate", "stop"]);
        Directory.Delete(folder, recursive: true);
    }
}
