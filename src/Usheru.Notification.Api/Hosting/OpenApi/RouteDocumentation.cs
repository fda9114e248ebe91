using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Usheru.Notification.Api.Hosting.OpenApi;

/// <summary>Applies what a route declares in <see cref="OperationMetadata"/>: examples, query parameters, request and response headers.</summary>
internal sealed class RouteDocumentation : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        foreach (var example in metadata.OfType<OperationExample>())
        {
            if (example.Request is not null && operation.RequestBody?.Content?.TryGetValue("application/json", out var request) == true)
            {
                request.Example = example.Request.DeepClone();
            }
            if (example.Response is not null && Response(operation, example.Status)?.Content?.TryGetValue("application/json", out var body) == true)
            {
                body.Example = example.Response.DeepClone();
            }
        }
        foreach (var query in metadata.OfType<QueryParameter>())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = query.Name,
                In = ParameterLocation.Query,
                Description = query.Description,
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Format = query.Format,
                    Enum = query.Values?.Select(v => (JsonNode)JsonValue.Create(v)).ToList(),
                },
            });
        }
        foreach (var header in metadata.OfType<RequestHeader>())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = header.Name,
                In = ParameterLocation.Header,
                Description = header.Description,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = header.MaxLength },
            });
        }
        foreach (var header in metadata.OfType<ResponseHeader>())
        {
            if (Response(operation, header.Status) is { } response)
            {
                response.Headers ??= new Dictionary<string, IOpenApiHeader>();
                response.Headers[header.Name] = new OpenApiHeader
                {
                    Description = header.Description,
                    Required = header.Required,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                };
            }
        }
        return Task.CompletedTask;
    }

    private static OpenApiResponse? Response(OpenApiOperation operation, int status) =>
        operation.Responses?.GetValueOrDefault(status.ToString(CultureInfo.InvariantCulture)) as OpenApiResponse;
}
