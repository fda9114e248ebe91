using Microsoft.Extensions.DependencyInjection.Extensions;
using Usheru.Notification.Api.Storage.Postgres;
using Usheru.Notification.Api.Storage.Sqlite;

namespace Usheru.Notification.Api.Storage;

internal static class StorageServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder)
    {
        // Columns are snake_case, row classes PascalCase.
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
        builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton<Delivery.WorkSignal>();
        builder.Services.TryAddSingleton<Workflows.RunSignal>();
        builder.Services.TryAddSingleton<Delivery.InstanceIdentity>();
        var provider = builder.Configuration[$"{StorageOptions.Section}:{nameof(StorageOptions.Provider)}"] ?? "sqlite";
        if (provider == "postgres")
        {
            builder.Services.AddSingleton<PostgresEngine>();
            builder.Services.AddSingleton<IStorageEngine>(services => services.GetRequiredService<PostgresEngine>());
            builder.Services.TryAddSingleton<Channels.Inbox.InboxBroadcaster>();
            // The listener tells the key store of revocations announced by other instances.
            builder.Services.TryAddSingleton<ApiKeys.ApiKeyStore>();
            builder.Services.AddHostedService<PostgresListener>();
        }
        else
        {
            builder.Services.AddSingleton<IStorageEngine, SqliteEngine>();
        }
        // Registered before the delivery workers, so the schema is there before anything uses it.
        builder.Services.AddHostedService<SchemaMigrator>();
        if (provider == "postgres")
        {
            // After the migrator: its first beat needs the instances table.
            builder.Services.AddHostedService<Delivery.InstanceLiveness>();
        }
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        return builder;
    }
}
