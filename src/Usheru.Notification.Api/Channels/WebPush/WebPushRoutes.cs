using Microsoft.AspNetCore.Http.HttpResults;
using Usheru.Notification.Api.ApiKeys;
using Usheru.Notification.Api.Hosting.OpenApi;

namespace Usheru.Notification.Api.Channels.WebPush;

internal static class WebPushRoutes
{
    /// <summary><c>GET /v1/webpush/public-key</c>: the VAPID key browsers subscribe with (<c>applicationServerKey</c>).</summary>
    public static RouteGroupBuilder MapWebPush(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/webpush").WithTags("Web push").RequireAuthorization(ApiKeyScopes.Read);
        group.MapGet("/public-key", GetPublicKeyAsync)
            .Documented("getWebPushPublicKey", "Get the VAPID public key", "Scope `read`. The `applicationServerKey` a browser subscribes to web push with.");
        return group;
    }

    private static async Task<Ok<PublicKeyView>> GetPublicKeyAsync(VapidKeyStore keys, CancellationToken ct) =>
        TypedResults.Ok(new PublicKeyView((await keys.GetAsync(ct)).PublicKey));

    internal sealed record PublicKeyView(string PublicKey);
}
