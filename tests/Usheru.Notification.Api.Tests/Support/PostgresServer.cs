namespace Usheru.Notification.Api.Tests.Support;

/// <summary>
/// A throw-away PostgreSQL cluster for the whole test run: a <see cref="PostgresCluster"/> started on
/// first use, stopped and deleted when the test process exits. Each test gets a database of its
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
    public string CreateDatabase() => PostgresCluster.CreateDatabase(adminConnectionString);

    private static PostgresServer Start()
    {
        if (Environment.GetEnvironmentVariable("USHERU_TEST_POSTGRES") is { Length: > 0 } existing)
        {
            return new PostgresServer(existing);
        }
        var cluster = new PostgresCluster();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Dispose();
        return new PostgresServer(cluster.AdminConnectionString);
    }
}
