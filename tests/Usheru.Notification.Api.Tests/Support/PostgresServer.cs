using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Usheru.Notification.Api.Tests.Support;

/// <summary>
/// A throw-away PostgreSQL cluster for the whole test run: started on first use in a temporary
/// folder on a free port, stopped when the test process exits. Each test gets a database of its
/// own. <c>USHERU_TEST_POSTGRES</c> (a connection string to a server whose user may create
/// databases) makes the tests use an existing server instead.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<PostgresServer> Shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly string adminConnectionString;

    private PostgresServer(string adminConnectionString) => this.adminConnectionString = adminConnectionString;

    public static PostgresServer Instance => Shared.Value;

    /// <summary>A new, empty database and the connection string to it.</summary>
    public string CreateDatabase()
    {
        var name = $"test_{Guid.NewGuid():N}";
        using var connection = new NpgsqlConnection(adminConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        command.ExecuteNonQuery();
        return new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString;
    }

    private static PostgresServer Start()
    {
        if (Environment.GetEnvironmentVariable("USHERU_TEST_POSTGRES") is { Length: > 0 } existing)
        {
            return new PostgresServer(existing);
        }
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).Order().LastOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException("PostgreSQL is not installed: `apt-get install -y postgresql`, or set USHERU_TEST_POSTGRES.");
        }
        var folder = Directory.CreateTempSubdirectory("usheru-pg-").FullName;
        var data = Path.Combine(folder, "data");
        var port = FreePort();
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            Run("chown", $"postgres {folder}");
        }
        Run(Path.Combine(bin, "initdb"), $"-D {data} -U postgres -A trust --no-sync -E UTF8", asRoot);
        Run(Path.Combine(bin, "pg_ctl"),
            $"-D {data} -l {folder}/log -w -o \"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300\" start", asRoot);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            Run(Path.Combine(bin, "pg_ctl"), $"-D {data} -m immediate stop", asRoot);
            Directory.Delete(folder, recursive: true);
        };
        return new PostgresServer($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string program, string arguments, bool asPostgres = false)
    {
        var start = asPostgres
            ? new ProcessStartInfo("runuser", $"-u postgres -- {program} {arguments}")
            : new ProcessStartInfo(program, arguments);
        start.RedirectStandardOutput = start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {arguments} failed ({process.ExitCode}): {output.Result}{errors.Result}");
        }
    }
}
