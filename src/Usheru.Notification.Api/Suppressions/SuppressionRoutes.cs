using Microsoft.AspNetCore.Http.HttpResults;
using Usheru.Notification.Api.ApiKeys;
using Usheru.Notification.Api.Hosting;
using Usheru.Notification.Api.Hosting.OpenApi;

namespace Usheru.Notification.Api.Suppressions;

internal static class SuppressionRoutes
{
    public static RouteGroupBuilder MapSuppressions(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/suppressions").WithTags("Suppressions").RequireAuthorization(ApiKeyScopes.Manage);
        group.MapGet("/", ListAsync).Documented("listSuppressions", "List suppressed addresses", "Scope `manage`. In address order, cursor-paged.");
        group.MapDelete("/{address}", DeleteAsync)
            .Documented("deleteSuppression", "Lift a suppression", "Scope `manage`. Later emails to the address are sent again; addresses compare ignoring case.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Results<Ok<Page<Suppression>>, ValidationProblem>> ListAsync(
        int? limit, string? cursor, SuppressionStore store, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var (take, after) = Paging.Read(limit, cursor, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var (items, last) = await store.ListAsync(after, take, ct);
        return TypedResults.Ok(new Page<Suppression>(items, Paging.Encode(last)));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string address, SuppressionStore store, CancellationToken ct) =>
        await store.DeleteAsync(address, ct) ? TypedResults.NoContent() : Problems.NotFound("suppressed address", address);
}
