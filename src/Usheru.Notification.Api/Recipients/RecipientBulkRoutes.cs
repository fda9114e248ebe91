using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Usheru.Notification.Api.Hosting;

namespace Usheru.Notification.Api.Recipients;

/// <summary>People at scale (<c>POST /v1/recipients/bulk</c>) and tokens for their browsers (<c>POST /v1/recipients/{id}/tokens</c>).</summary>
internal static class RecipientBulkRoutes
{
    public const int MaxPerCall = 1000;

    public static async Task<Results<Ok<BulkResult>, ValidationProblem>> UpsertAsync(BulkRequest request, RecipientStore store, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Recipients is not { Count: > 0 and <= MaxPerCall })
        {
            errors["recipients"] = [$"Give between 1 and {MaxPerCall} recipients per call."];
            return TypedResults.ValidationProblem(errors);
        }
        var seen = new HashSet<string>();
        for (var i = 0; i < request.Recipients.Count; i++)
        {
            if (request.Recipients[i] is not { } entry)
            {
                errors[$"recipients[{i}]"] = ["A recipient is required."];
                continue;
            }
            RecipientDetailsRules.Validate(entry.Id, entry.Details, errors, $"recipients[{i}].");
            if (entry.Id is not null && !seen.Add(entry.Id))
            {
                errors[$"recipients[{i}].id"] = [$"'{entry.Id}' appears earlier in this call."];
            }
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: "Nothing was written: fix the entries named and send the call again.");
        }
        var (created, updated) = await store.UpsertManyAsync([.. request.Recipients.Select(r => (r!.Id!, r.Details))], ct);
        return TypedResults.Ok(new BulkResult(created, updated));
    }

    public static async Task<Results<Created<IssuedToken>, ValidationProblem, ProblemHttpResult>> IssueTokenAsync(
        string id, TokenRequest? request, RecipientStore store, RecipientTokens tokens, CancellationToken ct)
    {
        var lifetime = request?.ExpiresInSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : RecipientTokens.DefaultLifetime;
        if (lifetime < TimeSpan.FromMinutes(1) || lifetime > RecipientTokens.LongestLifetime)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["expiresInSeconds"] = [$"Give 60 to {(int)RecipientTokens.LongestLifetime.TotalSeconds} seconds."],
            });
        }
        if (await store.GetAsync(id, ct) is null)
        {
            return Problems.NotFound("recipient", id);
        }
        var (token, expiresAt) = await tokens.IssueAsync(id, lifetime, ct);
        return TypedResults.Created((string?)null, new IssuedToken(token, expiresAt));
    }

    internal sealed record BulkRequest(IReadOnlyList<BulkRecipient?>? Recipients);

    internal sealed record BulkRecipient(string? Id, string? Email, string? Phone, string? Name, string? Locale, string? Timezone, JsonObject? Data)
    {
        public RecipientDetails Details => new(Email, Phone, Name, Locale, Timezone, Data);
    }

    internal sealed record BulkResult(int Created, int Updated);

    internal sealed record TokenRequest(int? ExpiresInSeconds);

    internal sealed record IssuedToken(string Token, DateTimeOffset ExpiresAt);
}
