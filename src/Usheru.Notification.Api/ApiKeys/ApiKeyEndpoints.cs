using Microsoft.AspNetCore.Http.HttpResults;
using Usheru.Notification.Api.Hosting;
using Usheru.Notification.Api.Hosting.OpenApi;

namespace Usheru.Notification.Api.ApiKeys;

internal static class ApiKeyEndpoints
{
    public static RouteGroupBuilder MapApiKeys(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/api-keys").WithTags("API keys").RequireAuthorization(ApiKeyScopes.Admin)
            .RequireWellFormed("id", Identifiers.Issued(Storage.Ids.ApiKey), "API key");
        group.MapPost("/", CreateAsync)
            .Documented("createApiKey", "Create an API key", "Scope `admin`. Answers the key's plaintext `key`, shown only here.")
            .WithLocation(StatusCodes.Status201Created, "The key: `/v1/api-keys/{id}`.");
        group.MapGet("/", async (ApiKeyStore keys, CancellationToken ct) => TypedResults.Ok(new Page<ApiKeyView>(await keys.ListAsync(ct), null)))
            .Documented("listApiKeys", "List API keys", "Scope `admin`. Every key that is not revoked, in one page; plaintexts are never shown.");
        group.MapDelete("/{id}", DeleteAsync).Documented("revokeApiKey", "Revoke an API key", "Scope `admin`. The key is refused from now on.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Results<Created<CreatedApiKey>, ValidationProblem>> CreateAsync(CreateApiKeyRequest request, ApiKeyStore keys, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 100)
        {
            errors["name"] = ["Give a name of 1 to 100 characters."];
        }
        if (request.Scopes is not { Count: > 0 } || request.Scopes.Any(s => !ApiKeyScopes.All.Contains(s)))
        {
            errors["scopes"] = [$"Give one or more of: {string.Join(", ", ApiKeyScopes.All)}."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var (key, plaintext) = await keys.CreateAsync(request.Name!, [.. request.Scopes!.Distinct()], ct);
        return TypedResults.Created($"/v1/api-keys/{key.Id}", new CreatedApiKey(key.Id, key.Name, key.Scopes, plaintext, key.CreatedAt));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, ApiKeyStore keys, CancellationToken ct) =>
        await keys.RevokeAsync(id, ct)
            ? TypedResults.NoContent()
            : Problems.NotFound("API key", id);

    internal sealed record CreateApiKeyRequest(string? Name, IReadOnlyList<string>? Scopes);

    internal sealed record CreatedApiKey(string Id, string Name, IReadOnlyList<string> Scopes, string Key, DateTimeOffset CreatedAt);
}
