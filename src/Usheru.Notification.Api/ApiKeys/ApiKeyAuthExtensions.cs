using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Usheru.Notification.Api.ApiKeys;

internal static class ApiKeyAuthExtensions
{
    /// <summary>API key authentication and one authorization policy per scope.</summary>
    public static IHostApplicationBuilder AddApiKeyAuth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton<ApiKeyStore>();
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        var authorization = builder.Services.AddAuthorizationBuilder();
        foreach (var scope in ApiKeyScopes.All)
        {
            authorization.AddPolicy(scope, policy => policy.RequireClaim(ApiKeyScopes.ClaimType, scope));
        }
        return builder;
    }

    /// <summary>The id of the key that authenticated the request.</summary>
    public static string ApiKeyId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ApiKeyScopes.KeyIdClaimType) ?? throw new InvalidOperationException("The request is not authenticated.");
}
