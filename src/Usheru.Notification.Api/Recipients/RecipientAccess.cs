using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Usheru.Notification.Api.ApiKeys;

namespace Usheru.Notification.Api.Recipients;

/// <summary>
/// Who may use a recipient's inbox and preferences endpoints: an API key with the scope, or that
/// recipient's own token (a browser); a token for anyone else is refused.
/// </summary>
internal static class RecipientAccess
{
    public const string ReadPolicy = "recipient-or-read";
    public const string ManagePolicy = "recipient-or-manage";

    /// <summary>The CORS policy of the endpoints a browser calls with a recipient token.</summary>
    public const string BrowserCors = "recipient-browser";

    public static IHostApplicationBuilder AddRecipientAccess(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RecipientTokens>();
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, RecipientTokenAuthenticationHandler>(RecipientTokenAuthenticationHandler.SchemeName, null);
        builder.Services.AddSingleton<IAuthorizationHandler, Handler>();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ReadPolicy, p => Require(p, ApiKeyScopes.Read))
            .AddPolicy(ManagePolicy, p => Require(p, ApiKeyScopes.Manage));
        builder.Services.AddOptions<BrowserOriginsOptions>().BindConfiguration(BrowserOriginsOptions.Section).Validate(
            o => o.AllowedOrigins.All(BrowserOriginsOptions.IsOrigin), "Cors:AllowedOrigins holds origins like https://www.usheru.com (scheme, host, port; no path).").ValidateOnStart();
        builder.Services.AddCors();
        builder.Services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>()
            .Configure<Microsoft.Extensions.Options.IOptions<BrowserOriginsOptions>>((cors, origins) => cors.AddPolicy(BrowserCors, policy => policy
                .WithOrigins([.. origins.Value.AllowedOrigins.Select(o => o.TrimEnd('/'))])
                .WithMethods("GET", "POST", "PUT")
                .WithHeaders("Authorization", "Content-Type", "Last-Event-ID")));
        return builder;
    }

    private static void Require(AuthorizationPolicyBuilder policy, string scope) => policy
        .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName, RecipientTokenAuthenticationHandler.SchemeName)
        .AddRequirements(new Requirement(scope));

    private sealed record Requirement(string Scope) : IAuthorizationRequirement;

    private sealed class Handler : AuthorizationHandler<Requirement>
    {
        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, Requirement requirement)
        {
            var recipientId = (context.Resource as HttpContext)?.GetRouteValue("id") as string;
            if (context.User.HasClaim(ApiKeyScopes.ClaimType, requirement.Scope) ||
                (recipientId is not null && context.User.HasClaim(RecipientTokenAuthenticationHandler.RecipientClaimType, recipientId)))
            {
                context.Succeed(requirement);
            }
            return Task.CompletedTask;
        }
    }
}
