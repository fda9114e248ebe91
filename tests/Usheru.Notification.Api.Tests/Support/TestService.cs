using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Usheru.Notification.Api.Tests.Support;

/// <summary>
/// The real service on Kestrel on a free loopback port, with its own SQLite file and outbox in a
/// temporary folder. Settings override appsettings; a fake clock can replace the real one.
/// </summary>
public sealed class TestService : WebApplicationFactory<Program>
{
    public const string BootstrapKey = "test-bootstrap-key-0123456789";

    private readonly Dictionary<string, string?> settings;
    private readonly TimeProvider? clock;
    private readonly Action<IServiceCollection>? services;

    /// <param name="services">Changes to the service's registrations, e.g. an HTTP client that trusts a stand-in's TLS certificate.</param>
    public TestService(IDictionary<string, string?>? settings = null, TimeProvider? clock = null, Engine engine = Engine.Sqlite,
        Action<IServiceCollection>? services = null)
    {
        this.services = services;
        Folder = Directory.CreateTempSubdirectory("usheru-test-").FullName;
        this.settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = engine == Engine.Postgres ? "postgres" : "sqlite",
            ["Storage:ConnectionString"] = engine == Engine.Postgres
                ? PostgresServer.Instance.CreateDatabase()
                : $"Data Source={Path.Combine(Folder, "notifications.db")}",
            ["Email:PickupDirectory"] = Outbox,
            ["Auth:BootstrapKey"] = BootstrapKey,
            ["Webhooks:AllowPrivateNetworks"] = "true",
            ["RateLimiting:PermitsPerSecond"] = "100000",
            ["RateLimiting:Burst"] = "100000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            this.settings[key] = value;
        }
        this.clock = clock;
        UseKestrel(0);
        StartServer();
    }

    /// <summary>The temporary folder holding this instance's database and outbox.</summary>
    public string Folder { get; }

    public string Outbox => Path.Combine(Folder, "outbox");

    /// <summary>A client authenticated with <paramref name="key"/> (the bootstrap key by default).</summary>
    public HttpClient Client(string? key = BootstrapKey)
    {
        var client = CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        return client;
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        if (clock is not null)
        {
            builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton(clock)));
        }
        if (services is not null)
        {
            builder.ConfigureServices(services);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open is only a leftover temp folder, not a test failure.
            }
        }
    }
}
