using System.Diagnostics;
using Npgsql;

namespace Usheru.Notification.Api.Tests.Support;

/// <summary>
/// A PostgreSQL cluster of the test's own: created in a temporary folder (as the <c>postgres</c> OS
/// user when the tests run as root), started on a free loopback port, and deleted on dispose. A test
/// may restart or stop it under a running service, which the shared <see cref="PostgresServer"/>
/// must never see. fsync is off: the tests stop the server, they never pull its power.
/// <code>
/// using var cluster = new PostgresCluster();
/// var database = cluster.CreateDatabase();
/// cluster.Restart();                     // pg_ctl restart -m fast: every connection is cut
/// </code>
/// </summary>
public sealed class PostgresCluster : IDisposable
{
    private readonly string _bin;
    private readonly string _folder;
    private readonly string _data;
    private readonly string _serverOptions;
    private readonly bool _asRoot = Environment.UserName == "root";

    /// <summary>Creates and starts the cluster.</summary>
    /// <exception cref="InvalidOperationException">PostgreSQL is not installed.</exception>
    public PostgresCluster()
    {
        _bin = FindBinaries();
        _folder = Directory.CreateTempSubdirectory("usheru-pg-").FullName;
        _data = Path.Combine(_folder, "data");
        Port = ClosedPort.Find();
        // A process frozen inside a transaction (SIGSTOP) would hold its row locks, and block every
        // other instance on those rows, until it thawed: the server ends such a session instead.
        _serverOptions = $"-p {Port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300 -c idle_in_transaction_session_timeout=5s";
        if (_asRoot)
            Run("chown", $"postgres {_folder}");
        PgRun("initdb", $"-D {_data} -U postgres -A trust --no-sync -E UTF8");
        Start();
    }

    public int Port { get; }

    /// <summary>The superuser's connection string to the <c>postgres</c> database.</summary>
    public string AdminConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres";

    /// <summary>A new, empty database and the connection string to it.</summary>
    public string CreateDatabase() => CreateDatabase(AdminConnectionString);

    /// <summary>A new, empty database on the server <paramref name="adminConnectionString"/> names.</summary>
    public static string CreateDatabase(string adminConnectionString)
    {
        var name = $"test_{Guid.NewGuid():N}";
        using var connection = new NpgsqlConnection(adminConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        command.ExecuteNonQuery();
        return new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Starts the stopped cluster on the same port; returns once it accepts connections.</summary>
    public void Start() => PgCtl($"-o \"{_serverOptions}\" start");

    /// <summary><c>pg_ctl restart -m fast</c>: ends every session (clients see their connections cut), then starts again; returns once it accepts connections.</summary>
    public void Restart() => PgCtl("-m fast restart");

    /// <summary><c>pg_ctl stop -m fast</c>: ends every session and shuts down cleanly.</summary>
    public void Stop() => PgCtl("-m fast stop");

    public void Dispose()
    {
        try
        {
            PgCtl("-m immediate stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }
        Directory.Delete(_folder, recursive: true);
    }

    private static string FindBinaries() =>
        (Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).Order().LastOrDefault()
            : null)
        ?? throw new InvalidOperationException("PostgreSQL is not installed: `apt-get install -y postgresql` (.ci/run does), or set USHERU_TEST_POSTGRES.");

    // -l keeps the server's output away from pg_ctl's, which this process reads to its end.
    private void PgCtl(string action) => PgRun("pg_ctl", $"-D {_data} -l {_folder}/log -w {action}");

    private void PgRun(string program, string arguments)
    {
        var path = Path.Combine(_bin, program);
        if (_asRoot)
            Run("runuser", $"-u postgres -- {path} {arguments}");
        else
            Run(path, arguments);
    }

    private static void Run(string program, string arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {arguments} failed ({process.ExitCode}): {output.Result}{errors.Result}");
    }
}
