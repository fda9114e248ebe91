using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Usheru.Notification.Api.ApiKeys;
using Microsoft.AspNetCore.Mvc;
using Usheru.Notification.Api.Hosting;

namespace Usheru.Notification.Api.Console;

/// <summary>
/// The operator console at <c>/console</c>: Razor components rendered on the server (no build step,
/// no script needed to use it), reading and writing through the same stores as the API.
/// </summary>
internal static class ConsoleExtensions
{
    public static IHostApplicationBuilder AddConsole(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents();
        builder.Services.AddSingleton<DatabaseXmlRepository>();
        builder.Services.AddDataProtection().SetApplicationName("Usheru.Notification");
        builder.Services.AddOptions<KeyManagementOptions>().Configure<DatabaseXmlRepository>((o, repository) => o.XmlRepository = repository);
        builder.Services.AddSingleton<ConsoleSession>();
        builder.Services.AddAuthentication().AddCookie(ConsoleSession.Scheme, ConsoleSession.Configure);
        builder.Services.AddAuthorizationBuilder().AddPolicy(ConsoleSession.Policy,
            p => p.AddAuthenticationSchemes(ConsoleSession.Scheme).RequireClaim(ApiKeyScopes.KeyIdClaimType));
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "usheru_antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        return builder;
    }

    /// <summary>Antiforgery checks for every form post, and the headers that keep people's pages private.</summary>
    public static WebApplication UseConsole(this WebApplication app)
    {
        app.UseAntiforgery();
        app.Use((http, next) =>
        {
            if (http.Request.Path.StartsWithSegments("/console") || http.Request.Path.StartsWithSegments("/preferences"))
            {
                var headers = http.Response.Headers;
                // Scripts only from here; a sandboxed email preview inherits this, so mail HTML can run nothing.
                headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src * data:; " +
                    "frame-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";
                headers.XContentTypeOptions = "nosniff";
                // The preference page's address is its credential: it must not leak through Referer.
                headers["Referrer-Policy"] = "no-referrer";
                headers.CacheControl = "no-cache, no-store";
                headers.Pragma = "no-cache";
            }
            return next(http);
        });
        return app;
    }

    public static WebApplication MapConsole(this WebApplication app)
    {
        app.MapRazorComponents<App>();
        app.MapPost("/console/sign-out", async (HttpContext http) =>
        {
            await http.SignOutAsync(ConsoleSession.Scheme);
            return TypedResults.Redirect(ConsoleSession.SignInPath);
        }).RequireAuthorization(ConsoleSession.Policy).WithMetadata(new Microsoft.AspNetCore.Antiforgery.RequireAntiforgeryTokenAttribute())
            .ExcludeFromDescription();
        app.MapTemplatePreview();
        app.MapEmbeddedAsset("/console/assets/console.css", "Console.Assets.console.css", "text/css; charset=utf-8");
        app.MapEmbeddedAsset("/console/assets/console.js", "Console.Assets.console.js", "text/javascript; charset=utf-8");
        return app;
    }

    /// <summary><c>POST /console/templates/preview</c>: the live preview the editor's script asks for as the operator types.</summary>
    private static void MapTemplatePreview(this IEndpointRouteBuilder routes) =>
        routes.MapPost("/console/templates/preview", ([FromForm] string? key, [FromForm] string? definition, [FromForm] string? data, [FromForm] string? locale) =>
        {
            var draft = TemplateDraft.Read(key is { Length: > 0 } ? key : "preview", definition, data, locale);
            return TypedResults.Ok(new { errors = draft.Errors, preview = draft.Preview });
        }).RequireAuthorization(ConsoleSession.Policy).ExcludeFromDescription();
}
