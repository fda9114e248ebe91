using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Usheru.Notification.Api.Recipients;

/// <summary>
/// A recipient token as <c>Authorization: Bearer rt_…</c>, or as <c>?token=rt_…</c> for EventSource,
/// which cannot send headers. Only recipient tokens are read from the query string, never API keys.
/// Challenges and refusals are left to the API key scheme beside it, which words the problem.
/// </summary>
internal sealed class RecipientTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, RecipientTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "RecipientToken";
    public const string RecipientClaimType = "recipient_id";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        var presented = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : Request.Query["token"].ToString();
        if (!presented.StartsWith(RecipientTokens.Prefix, StringComparison.Ordinal))
        {
            return AuthenticateResult.NoResult();
        }
        if (await tokens.VerifyAsync(presented, Context.RequestAborted) is not { } recipientId)
        {
            return AuthenticateResult.Fail("invalid or expired recipient token");
        }
        var identity = new ClaimsIdentity([new Claim(RecipientClaimType, recipientId)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => Task.CompletedTask;

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => Task.CompletedTask;
}
