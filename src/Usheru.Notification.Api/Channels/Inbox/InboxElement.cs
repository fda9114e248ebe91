using Usheru.Notification.Api.Hosting;

namespace Usheru.Notification.Api.Channels.Inbox;

internal static class InboxElement
{
    /// <summary><c>/inbox.js</c>: the <c>&lt;usheru-inbox token="…"&gt;</c> custom element for any page of an allowed origin.</summary>
    public static IEndpointRouteBuilder MapInboxElement(this IEndpointRouteBuilder routes)
    {
        routes.MapEmbeddedAsset("/inbox.js", "Inbox.inbox.js", "text/javascript; charset=utf-8");
        return routes;
    }
}
