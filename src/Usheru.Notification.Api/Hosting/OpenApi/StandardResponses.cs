using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Usheru.Notification.Api.Hosting.OpenApi;

/// <summary>
/// What every <c>/v1</c> operation shares: the bearer requirement, and the problem answers the
/// pipeline gives before or around any handler: 401 and 403 (authentication), 429 (the per-key
/// rate limit), 503 (database unreachable), and for operations with a JSON body 400 (unreadable
/// JSON), 413 (over 256 KiB) and 415 (not JSON). A route's own statuses come from its results and
/// its <c>ProducesProblem</c> lines (see <see cref="RouteDocumentation"/>).
/// </summary>
internal sealed class StandardResponses : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document!;
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var problem = await SchemaAsync(typeof(ProblemDetails), nameof(ProblemDetails), context, cancellationToken);
        var validation = await SchemaAsync(typeof(HttpValidationProblemDetails), nameof(HttpValidationProblemDetails), context, cancellationToken);

        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiDocument.BearerScheme, document)] = [] }];
        if (metadata.OfType<RecipientTokenInQuery>().Any())
        {
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiDocument.RecipientTokenQueryScheme, document)] = [] });
        }

        var responses = operation.Responses ??= [];
        if (operation.RequestBody is not null)
        {
            Add(responses, 400, BadRequest, validation);
            Add(responses, 413, "The request body is larger than 256 KiB.", problem);
            Add(responses, 415, "The body is not sent as `application/json`.", problem);
        }
        Add(responses, 401, "No API key, or an unknown, revoked or expired key or token.", problem);
        Add(responses, 403, "The key lacks the scope this operation needs, or the token is another recipient's.", problem);
        Add(responses, 429, "This API key is over its rate limit; nothing was done. Retry after `Retry-After` seconds.", problem, RetryAfter());
        Add(responses, 503, "The database is unavailable; the request was not completed. Retry after `Retry-After` seconds "
            + "(a send retried with the same `Idempotency-Key` is safe).", problem, RetryAfter());
        foreach (var (key, response) in responses)
        {
            if (response is OpenApiResponse { Description: "Bad Request" or "Not Found" or "Conflict" or "Unprocessable Entity" } plain)
            {
                plain.Description = key switch
                {
                    "400" => BadRequest,
                    "404" => "Nothing has this id (an id of the wrong shape names nothing either).",
                    "409" => "The request conflicts with the current state: `detail` says how.",
                    _ => "The request is well-formed but cannot be done: `detail` says why.",
                };
            }
        }
        var ordered = responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        responses.Clear();
        foreach (var (key, response) in ordered)
        {
            responses[key] = response;
        }
    }

    private const string BadRequest = "The request is invalid and nothing was done: `errors` names each bad field or query parameter "
        + "(`body` when the body is not JSON of the expected shape); a query value of the wrong type (`limit=abc`) is named in `detail`.";

    private static void Add(OpenApiResponses responses, int status, string description, IOpenApiSchema schema, Dictionary<string, IOpenApiHeader>? headers = null) =>
        responses.TryAdd(status.ToString(CultureInfo.InvariantCulture), new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = schema } },
            Headers = headers,
        });

    private static Dictionary<string, IOpenApiHeader> RetryAfter() => new()
    {
        ["Retry-After"] = new OpenApiHeader
        {
            Description = "Seconds to wait before retrying.",
            Required = true,
            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" },
        },
    };

    private static async Task<IOpenApiSchema> SchemaAsync(Type type, string id, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document!;
        if (document.Components?.Schemas?.ContainsKey(id) != true)
        {
            document.AddComponent(id, await context.GetOrCreateSchemaAsync(type, null, cancellationToken));
        }
        return new OpenApiSchemaReference(id, document);
    }
}
