namespace Usheru.Notification.Api.Storage;

/// <summary>Applies migrations at start-up, before the server listens and the workers claim.</summary>
internal sealed class SchemaMigrator(IStorageEngine engine, ILogger<SchemaMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await engine.MigrateAsync(cancellationToken);
        logger.LogInformation("Database schema is at version {Version}", SchemaMigrations.Latest);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
