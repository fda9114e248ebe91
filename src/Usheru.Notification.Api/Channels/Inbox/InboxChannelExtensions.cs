using Microsoft.Extensions.DependencyInjection.Extensions;
using Usheru.Notification.Api.Delivery;

namespace Usheru.Notification.Api.Channels.Inbox;

internal static class InboxChannelExtensions
{
    /// <summary>The <c>inbox</c> channel, its store and the broadcaster behind the Server-Sent Events streams.</summary>
    public static IHostApplicationBuilder AddInboxChannel(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<InboxStore>();
        builder.Services.TryAddSingleton<InboxBroadcaster>();
        builder.Services.AddSingleton<IChannel, InboxChannel>();
        return builder;
    }
}
