using System.Text.Json.Nodes;

namespace Usheru.Notification.Api.Hosting.OpenApi;

/// <summary>The response of <paramref name="Status"/> carries header <paramref name="Name"/>.</summary>
internal sealed record ResponseHeader(int Status, string Name, string Description, bool Required);

/// <summary>The operation reads the optional request header <paramref name="Name"/> of 1 to <paramref name="MaxLength"/> characters.</summary>
internal sealed record RequestHeader(string Name, string Description, int MaxLength);

/// <summary>The operation also takes a recipient token as <c>?token=</c> (a browser's EventSource sets no headers).</summary>
internal sealed record RecipientTokenInQuery;

/// <summary>A query parameter the handler reads itself rather than binds; <paramref name="Values"/> lists what it takes, if closed.</summary>
internal sealed record QueryParameter(string Name, string Description, string[]? Values = null, string? Format = null);

/// <summary>A request body and the body of the <paramref name="Status"/> response, as JSON, shown in the document.</summary>
internal sealed record OperationExample(JsonNode? Request, int Status, JsonNode? Response);

/// <summary>What a route says about itself in the OpenAPI document; used beside each route in its feature folder.</summary>
internal static class OperationMetadata
{
    /// <summary>A stable <paramref name="operationId"/> (camelCase: generated clients name their methods after it), a summary and a description.</summary>
    public static RouteHandlerBuilder Documented(this RouteHandlerBuilder builder, string operationId, string summary, string description) =>
        builder.WithName(operationId).WithSummary(summary).WithDescription(description);

    /// <summary>The <paramref name="status"/> response names what it created or started in <c>Location</c>.</summary>
    public static RouteHandlerBuilder WithLocation(this RouteHandlerBuilder builder, int status, string description) =>
        builder.WithMetadata(new ResponseHeader(status, "Location", description, Required: true));

    public static RouteHandlerBuilder WithResponseHeader(this RouteHandlerBuilder builder, int status, string name, string description) =>
        builder.WithMetadata(new ResponseHeader(status, name, description, Required: false));

    public static RouteHandlerBuilder WithQueryParameter(this RouteHandlerBuilder builder, string name, string description, string[]? values = null, string? format = null) =>
        builder.WithMetadata(new QueryParameter(name, description, values, format));

    public static RouteHandlerBuilder WithRequestHeader(this RouteHandlerBuilder builder, string name, string description, int maxLength) =>
        builder.WithMetadata(new RequestHeader(name, description, maxLength));

    public static RouteGroupBuilder AcceptsRecipientTokenInQuery(this RouteGroupBuilder builder) =>
        builder.WithMetadata(new RecipientTokenInQuery());

    /// <summary>Examples as JSON text, so they read as what goes over the wire; the conformance test validates them against the schemas.</summary>
    public static RouteHandlerBuilder WithExample(this RouteHandlerBuilder builder, string? request, int status, string? response) =>
        builder.WithMetadata(new OperationExample(request is null ? null : JsonNode.Parse(request), status, response is null ? null : JsonNode.Parse(response)));
}
