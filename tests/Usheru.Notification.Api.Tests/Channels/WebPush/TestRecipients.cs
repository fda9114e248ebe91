using Dapper;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Tests.Channels.WebPush;

/// <summary>Recipient rows for push subscriptions to belong to, written straight to the database.</summary>
internal static class TestRecipients
{
    public static async Task<string> CreateAsync(IStorageEngine engine)
    {
        var id = $"user-{Guid.NewGuid():N}";
        await using var scope = await engine.BeginWriteAsync(CancellationToken.None);
        await scope.Connection.ExecuteAsync(
            "INSERT INTO recipients (id, data, preferences, created_at, updated_at) VALUES (@id, '{}', '{}', 0, 0)",
            new { id }, scope.Transaction);
        await scope.CommitAsync(CancellationToken.None);
        return id;
    }
}
