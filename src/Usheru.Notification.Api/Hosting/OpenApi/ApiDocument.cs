using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Usheru.Notification.Api.Hosting.OpenApi;

/// <summary>
/// The served OpenAPI 3.1 document (<c>/openapi/v1.json</c>): the <c>/v1</c> API only (the console,
/// unsubscribe and preference pages and provider callbacks are not for API clients), described as
/// it behaves. What each route adds (summary, operationId, examples, its own error statuses) sits
/// beside the route in its feature folder; what every route shares is added here.
/// </summary>
internal static class ApiDocument
{
    public const string BearerScheme = "bearer";
    public const string RecipientTokenQueryScheme = "recipientTokenQuery";

    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Notifications"] = "Send notifications (directly, to recipients, topics or through a workflow), follow their status, cancel them.",
        ["Deliveries"] = "Deliveries across notifications: find, retry and count them.",
        ["Recipients"] = "People the service knows: their addresses, preferences, browser push subscriptions and short-lived tokens.",
        ["Inbox"] = "A recipient's in-app inbox, also readable from a browser with a recipient token.",
        ["Templates"] = "Stored, localized Liquid templates per channel.",
        ["Topics"] = "Named lists of recipients a notification can be sent to.",
        ["Workflows"] = "Multi-step notifications: stored definitions and the cancellation of their runs.",
        ["Webhook endpoints"] = "Registered receivers of webhook deliveries and outgoing events (Standard Webhooks).",
        ["API keys"] = "The keys that authenticate API calls, each with its scopes.",
        ["Suppressions"] = "Email addresses blocked after a bounce or complaint.",
        ["Web push"] = "The VAPID key a browser needs to subscribe to web push.",
    };

    public static IServiceCollection AddApiDocument(this IServiceCollection services) =>
        services.AddOpenApi(o =>
        {
            o.ShouldInclude = description => description.RelativePath?.StartsWith("v1/", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                Describe(document);
                return Task.CompletedTask;
            });
            o.AddOperationTransformer<StandardResponses>();
            o.AddOperationTransformer<RouteDocumentation>();
            o.AddSchemaTransformer<SchemaRules>();
        });

    private static void Describe(OpenApiDocument document)
    {
        document.Info.Title = "Usheru Notification API";
        document.Info.Version = "v1";
        document.Info.Description = "Send notifications by email, SMS, web push, webhook and in-app inbox; manage recipients, templates, "
            + "topics and workflows; follow every delivery. Every error is RFC 9457 `application/problem+json`. "
            + "Authenticate with `Authorization: Bearer <api key>`; each operation names the scope it needs.";
        // The generator takes the server from the request, ending in a slash; paths begin with one.
        foreach (var server in document.Servers ?? Enumerable.Empty<OpenApiServer>())
        {
            server.Url = server.Url?.TrimEnd('/');
        }
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API key (scopes `send`, `read`, `manage`, `admin`; admin implies all), or on a recipient's inbox "
                + "and preferences that recipient's token (`rt_…`, from `POST /v1/recipients/{id}/tokens`).",
        };
        document.Components.SecuritySchemes[RecipientTokenQueryScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Query,
            Name = "token",
            Description = "A recipient token (`rt_…`) in the query, for a browser's EventSource, which cannot set headers.",
        };
        foreach (var tag in document.Tags ?? Enumerable.Empty<OpenApiTag>())
        {
            if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description))
            {
                tag.Description = description;
            }
        }
    }
}
