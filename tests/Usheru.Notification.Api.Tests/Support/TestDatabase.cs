namespace Usheru.Notification.Api.Tests.Support;

/// <summary>
/// A fresh, empty database on one engine and the <c>Storage</c> settings that point at it. Several
/// hosts may share it, the way instances share production's.
/// </summary>
internal sealed class TestDatabase : IDisposable
{
    private readonly TemporaryDirectory _folder = new();

    public TestDatabase(Engine engine)
    {
        Settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = engine == Engine.Postgres ? "postgres" : "sqlite",
            ["Storage:ConnectionString"] = engine == Engine.Postgres
                ? PostgresServer.Instance.CreateDatabase()
                : $"Data Source={Path.Combine(_folder.Path, "notifications.db")}",
        };
    }

    public IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>The storage settings and <paramref name="more"/>.</summary>
    public Dictionary<string, string?> With(IEnumerable<KeyValuePair<string, string?>> more) =>
        new(Settings.Concat(more));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}
