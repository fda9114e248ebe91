namespace Usheru.Notification.Api.Hosting;

/// <summary>Files built into the assembly (stylesheets, scripts), served as they are: nothing to publish beside the binary.</summary>
internal static class EmbeddedAssets
{
    public static RouteHandlerBuilder MapEmbeddedAsset(this IEndpointRouteBuilder routes, string path, string resource, string contentType)
    {
        var bytes = Read(resource);
        var etag = $"\"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))[..16]}\"";
        return routes.MapGet(path, (HttpContext http) =>
        {
            http.Response.Headers.ETag = etag;
            http.Response.Headers.CacheControl = "public, max-age=300";
            return http.Request.Headers.IfNoneMatch == etag ? Results.StatusCode(StatusCodes.Status304NotModified) : Results.Bytes(bytes, contentType);
        }).ExcludeFromDescription().AllowAnonymous();
    }

    private static byte[] Read(string resource)
    {
        using var stream = typeof(EmbeddedAssets).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The assembly has no resource '{resource}'.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
