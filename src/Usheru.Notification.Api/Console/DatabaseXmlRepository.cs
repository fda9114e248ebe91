using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Console;

/// <summary>
/// Keeps the Data Protection key ring (which encrypts console session cookies and antiforgery
/// tokens) in the database, so sessions survive a restart and every instance reads every other's
/// cookies. The keys sit unencrypted beside the data they guard, like the webhook secrets do.
/// </summary>
internal sealed class DatabaseXmlRepository(IStorageEngine engine, TimeProvider time) : IXmlRepository
{
    // The interface is synchronous; the key ring is read once and cached, so blocking here is rare.
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = engine.OpenAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return [.. connection.Query<string>("SELECT xml FROM data_protection_keys ORDER BY created_at").Select(XElement.Parse)];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        var scope = engine.BeginWriteAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        try
        {
            scope.Connection.Execute(
                "INSERT INTO data_protection_keys (name, xml, created_at) VALUES (@friendlyName, @xml, @now) ON CONFLICT (name) DO NOTHING",
                new { friendlyName, xml = element.ToString(SaveOptions.DisableFormatting), now = time.Now() }, scope.Transaction);
            scope.CommitAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
        finally
        {
            scope.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
