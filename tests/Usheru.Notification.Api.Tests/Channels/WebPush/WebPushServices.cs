using Microsoft.Extensions.DependencyInjection;
using Usheru.Notification.Api.Channels.WebPush;
using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Storage;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Channels.WebPush;

/// <summary>The web push channel and its storage, started on a test database, as one instance of the service has them.</summary>
internal static class WebPushServices
{
    public static Task<TestServices> StartAsync(TestDatabase database, IEnumerable<KeyValuePair<string, string?>>? settings = null) =>
        TestServices.StartAsync(database.With(settings ?? []), builder =>
        {
            builder.AddStorage().AddWebPushChannel();
            // PostgreSQL's LISTEN/NOTIFY relay wakes workers through it.
            builder.Services.AddSingleton<WorkSignal>();
        });
}
