namespace Usheru.Notification.Bench.Storage;

/// <summary>A storage engine the service runs on, as the benchmark needs it: fresh databases and fast backlog loading.</summary>
internal interface IBenchEngine
{
    /// <summary>As the report names it.</summary>
    string Name { get; }

    /// <summary>The service's <c>Storage:Provider</c>.</summary>
    string Provider { get; }

    /// <summary>The database server to watch during measurements; null for an embedded engine.</summary>
    PostgresCluster? Server { get; }

    /// <summary>A new, empty database and the connection string to it.</summary>
    Task<string> CreateDatabaseAsync(string name);

    /// <summary>Writes <paramref name="backlog"/> into a database whose schema the service created; the service must be stopped.</summary>
    Task LoadBacklogAsync(string connectionString, IBacklog backlog);
}
