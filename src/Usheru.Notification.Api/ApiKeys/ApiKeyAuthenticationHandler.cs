using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Usheru.Notification.Api.ApiKeys;

/// <summary>
/// <c>Authorization: Bearer &lt;key&gt;</c>. Unknown or missing keys get a 401 problem, keys without
/// the scope a 403 problem. The bootstrap key from configuration carries every scope.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys,
    IOptions<AuthOptions> auth,
    IProblemDetailsService problems) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string BootstrapKeyId = "bootstrap";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var presented = header["Bearer ".Length..].Trim();
        // One hash per request: compared with the bootstrap key's (hashed once) and, for a real key, with the stored one.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        if (IsBootstrapKey(hash, auth.Value))
        {
            return Success(BootstrapKeyId, ApiKeyScopes.All);
        }
        return await keys.AuthenticateAsync(presented, hash, Context.RequestAborted) is { } key
            ? Success(key.Id, key.Scopes)
            : AuthenticateResult.Fail("unknown or revoked API key");
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status401Unauthorized, "Unauthorized",
            "Send a valid API key as 'Authorization: Bearer <key>'.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "Forbidden",
            "This API key does not have the scope this endpoint requires.");

    /// <summary>Whether <paramref name="presented"/> is the configured bootstrap key, compared in constant time.</summary>
    public static bool IsBootstrapKey(string presented, AuthOptions auth) => IsBootstrapKey(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), auth);

    private static bool IsBootstrapKey(byte[] presentedHash, AuthOptions auth) =>
        auth.BootstrapKeyHash is { } bootstrap && CryptographicOperations.FixedTimeEquals(presentedHash, bootstrap);

    private static AuthenticateResult Success(string keyId, IEnumerable<string> scopes)
    {
        var claims = ApiKeyScopes.Expand(scopes).Select(s => new Claim(ApiKeyScopes.ClaimType, s)).Append(new Claim(ApiKeyScopes.KeyIdClaimType, keyId));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    private async Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
