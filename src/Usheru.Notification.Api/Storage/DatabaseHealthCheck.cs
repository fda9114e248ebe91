using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Usheru.Notification.Api.Storage;

/// <summary>Ready means the database answers and carries every migration this build knows.</summary>
internal sealed class DatabaseHealthCheck(IStorageEngine engine) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await engine.OpenAsync(cancellationToken);
            var version = await SchemaMigrations.CurrentVersionAsync(connection, null, cancellationToken);
            return version >= SchemaMigrations.Latest
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"schema at version {version}, expected {SchemaMigrations.Latest}");
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("database unreachable");
        }
    }
}
