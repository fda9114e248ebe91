using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using Usheru.Notification.Api.ApiKeys;

namespace Usheru.Notification.Api.Console;

/// <summary>
/// A console session: an admin API key, presented once, exchanged for an HttpOnly, SameSite=Strict
/// cookie that names the key (never holds it). Every request checks the key still stands: a revoked
/// key, or a changed bootstrap key, ends its sessions and sends the operator back to sign in.
/// </summary>
internal sealed class ConsoleSession(ApiKeyStore keys, IOptions<AuthOptions> auth)
{
    public const string Scheme = "ConsoleCookie";
    public const string Policy = "console";
    public const string SignInPath = "/console/sign-in";
    private const string BootstrapClaim = "bootstrap_fingerprint";

    /// <summary>The session principal for an admin key, or null when the key is unknown, revoked or not admin.</summary>
    public async Task<ClaimsPrincipal?> SignInAsync(string presented, CancellationToken cancellationToken)
    {
        presented = presented.Trim();
        List<Claim> claims;
        if (ApiKeyAuthenticationHandler.IsBootstrapKey(presented, auth.Value))
        {
            claims = [new(ApiKeyScopes.KeyIdClaimType, ApiKeyAuthenticationHandler.BootstrapKeyId), new(ClaimTypes.Name, "bootstrap key"),
                new(BootstrapClaim, Fingerprint(auth.Value.BootstrapKey!))];
        }
        else if (await keys.AuthenticateAsync(presented, cancellationToken) is { } key && key.Scopes.Contains(ApiKeyScopes.Admin))
        {
            claims = [new(ApiKeyScopes.KeyIdClaimType, key.Id), new(ClaimTypes.Name, key.Name)];
        }
        else
        {
            return null;
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme));
    }

    /// <summary>Rejects a session whose key has since been revoked or replaced.</summary>
    public async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var user = context.Principal!;
        var keyId = user.FindFirstValue(ApiKeyScopes.KeyIdClaimType);
        var stands = keyId == ApiKeyAuthenticationHandler.BootstrapKeyId
            ? auth.Value.BootstrapKey is { Length: > 0 } bootstrap && user.FindFirstValue(BootstrapClaim) == Fingerprint(bootstrap)
            : keyId is not null && await keys.IsLiveAsync(keyId, context.HttpContext.RequestAborted);
        if (!stands)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
        }
    }

    public static void Configure(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = "usheru_console";
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.Cookie.Path = "/console";
        options.LoginPath = SignInPath;
        options.AccessDeniedPath = SignInPath;
        options.ExpireTimeSpan = TimeSpan.FromHours(8);
        options.SlidingExpiration = true;
        options.Events.OnValidatePrincipal = context => context.HttpContext.RequestServices.GetRequiredService<ConsoleSession>().ValidateAsync(context);
    }

    private static string Fingerprint(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];
}
