using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
using Usheru.Notification.Api.Hosting;
using Usheru.Notification.Api.Recipients;

namespace Usheru.Notification.Api.Unsubscribe;

/// <summary>
/// The links in marketing emails, for people, not API keys. GET shows a page with a button (link
/// scanners follow GETs, so a GET never unsubscribes); POST unsubscribes, which is also what a mail
/// client's one-click button sends (RFC 8058). Both are idempotent.
/// </summary>
internal static class UnsubscribeRoutes
{
    public static RouteGroupBuilder MapUnsubscribe(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/unsubscribe/{token}").WithTags("Unsubscribe").AllowAnonymous();
        group.MapGet("/", ConfirmAsync);
        group.MapPost("/", UnsubscribeAsync).DisableAntiforgery();
        return group;
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> ConfirmAsync(string token, UnsubscribeLinks links, CancellationToken ct) =>
        await links.VerifyAsync(token, ct) is { } link
            ? Page($"Stop {link.Category} emails?", $"""
                <p>You will no longer get {link.Category} emails from Usheru. Booking confirmations and tickets still arrive.</p>
                <form method="post"><button type="submit">Unsubscribe</button></form>
                """)
            : Problems.NotFound("unsubscribe link", "(this one)");

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> UnsubscribeAsync(
        string token, UnsubscribeLinks links, RecipientStore recipients, CancellationToken ct)
    {
        if (await links.VerifyAsync(token, ct) is not { } link)
        {
            return Problems.NotFound("unsubscribe link", "(this one)");
        }
        // An erased recipient has nothing left to opt out of: the answer is the same.
        await recipients.OptOutAsync(link.RecipientId, link.Category, ct);
        return Page("You are unsubscribed", $"<p>You will no longer get {link.Category} emails from Usheru.</p>");
    }

    private static ContentHttpResult Page(string title, string body) => TypedResults.Content($"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{WebUtility.HtmlEncode(title)}</title>
        <style>body{"{"}font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem{"}"}button{"{"}font-size:1rem;padding:.5rem 1rem{"}"}</style>
        </head><body><h1>{WebUtility.HtmlEncode(title)}</h1>{body}</body></html>
        """, "text/html; charset=utf-8");
}
