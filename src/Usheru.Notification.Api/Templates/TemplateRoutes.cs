using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Usheru.Notification.Api.ApiKeys;
using Usheru.Notification.Api.Channels.Sms;
using Usheru.Notification.Api.Hosting;
using Usheru.Notification.Api.Hosting.OpenApi;
using Usheru.Notification.Api.Notifications;

namespace Usheru.Notification.Api.Templates;

internal static class TemplateRoutes
{
    public static RouteGroupBuilder MapTemplates(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/templates").WithTags("Templates");
        group.MapPut("/{key}", PutAsync).RequireAuthorization(ApiKeyScopes.Manage)
            .Documented("putTemplate", "Create or replace a template",
                "Scope `manage`. Liquid content per channel, and per locale what differs; checked against the template limits. 201 when created, 200 when replaced.")
            .WithLocation(StatusCodes.Status201Created, "The template: `/v1/templates/{key}`.")
            .WithExample("""
                { "name": "Tickets on sale", "category": "marketing",
                  "channels": { "email": { "subject": "Tickets for {{ film }}", "text": "Book now: {{ url }}", "html": "<p>Book now: <a href=\"{{ url }}\">{{ film }}</a></p>" },
                                "sms": { "text": "Tickets for {{ film }}: {{ url }}" } },
                  "locales": { "ga": { "email": { "subject": "Ticéid do {{ film }}", "text": "Cuir in áirithe anois: {{ url }}" } } } }
                """, StatusCodes.Status201Created, null);
        group.MapGet("/{key}", GetAsync).RequireAuthorization(ApiKeyScopes.Read).RequireWellFormed("key", Identifiers.Key, "template")
            .Documented("getTemplate", "Get a template", "Scope `read`.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{key}/preview", PreviewAsync).RequireAuthorization(ApiKeyScopes.Read).RequireWellFormed("key", Identifiers.Key, "template")
            .Documented("previewTemplate", "Render a template", "Scope `read`. Renders each channel of the template with `data` (and `recipient`) in `locale`, as a send would; nothing is sent.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Results<Created<StoredTemplate>, Ok<StoredTemplate>, ValidationProblem>> PutAsync(
        string key, PutTemplateRequest request, TemplateStore store, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (Validate(key, request, errors) is not { } candidate)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var (template, created) = await store.PutAsync(key, request.Name, candidate.Category, candidate.Channels, candidate.Locales, ct);
        return created ? TypedResults.Created($"/v1/templates/{key}", template) : TypedResults.Ok(template);
    }

    private static async Task<Results<Ok<StoredTemplate>, ProblemHttpResult>> GetAsync(string key, TemplateStore store, CancellationToken ct) =>
        await store.GetAsync(key, ct) is { } template ? TypedResults.Ok(template) : Problems.NotFound("template", key);

    private static async Task<Results<Ok<JsonObject>, ValidationProblem, ProblemHttpResult>> PreviewAsync(
        string key, PreviewRequest request, TemplateStore store, CancellationToken ct)
    {
        if (request.Locale is { } wanted && !Identifiers.Locale.IsValid(wanted))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["locale"] = [Identifiers.Locale.Message] });
        }
        if (await store.GetAsync(key, ct) is not { } template)
        {
            return Problems.NotFound("template", key);
        }
        try
        {
            return TypedResults.Ok(Preview(template, request.Data, request.Locale, request.Recipient));
        }
        catch (TemplateRenderException ex)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [ex.Field ?? "data"] = [ex.Message] });
        }
    }

    /// <summary>
    /// Checks a template as <c>PUT</c> would: the key, the category, content for some channel, the
    /// locales, that every string parses and stays within the limits without data. The template to
    /// store, or null with the errors added.
    /// </summary>
    public static StoredTemplate? Validate(string key, PutTemplateRequest request, Dictionary<string, string[]> errors)
    {
        if (!Identifiers.Key.IsValid(key))
        {
            errors["key"] = [Identifiers.Key.Message];
        }
        if (request.Category is { } category && !NotificationRequestValidator.Categories.Contains(category))
        {
            errors["category"] = [$"Use one of: {string.Join(", ", NotificationRequestValidator.Categories)}."];
        }
        if (request.Channels is null || !ChannelTemplates.Channels.Any(request.Channels.Has))
        {
            errors["channels"] = ["Give content for at least one channel."];
        }
        var locales = request.Locales ?? new Dictionary<string, ChannelTemplates>();
        foreach (var locale in locales.Keys.Where(l => !Identifiers.Locale.IsValid(l)))
        {
            errors[$"locales.{locale}"] = [Identifiers.Locale.Message];
        }
        if (errors.Count > 0)
        {
            return null;
        }
        var candidate = new StoredTemplate(key, request.Name, request.Category ?? "transactional", request.Channels!, locales, default, default);
        var parsed = LocalizedTemplates.Parse(candidate, "", errors);
        if (errors.Count == 0)
        {
            try
            {
                // Whatever the data, a template over a limit would fail every send: refuse it now.
                parsed.TryRender(Liquid.Context(null, NoRecipient));
            }
            catch (TemplateLimitExceededException ex)
            {
                errors[ex.Field ?? "channels"] = [ex.Message];
            }
        }
        return errors.Count > 0 ? null : candidate;
    }

    /// <summary>
    /// The template rendered per channel for <paramref name="locale"/> with sample data, SMS with its encoding and segments.
    /// </summary>
    /// <exception cref="TemplateRenderException">A field failed to render with this data, or went over a limit.</exception>
    public static JsonObject Preview(StoredTemplate template, JsonObject? data, string? locale, JsonObject? recipient)
    {
        var localized = LocalizedTemplates.Parse(template, "", []);
        var context = Liquid.Context(data, (recipient ?? []).ToDictionary(p => p.Key, p => (object?)p.Value?.ToString()));
        var channels = new JsonObject();
        foreach (var channel in localized.Channels)
        {
            var (content, from) = localized.For(channel, locale);
            var rendered = System.Text.Json.JsonSerializer.SerializeToNode(content!.Render(channel, context), Storage.StoredJson.Options)!.AsObject();
            rendered["locale"] = from;
            if (channel == "sms")
            {
                var sms = SmsSegments.Measure((string)rendered["text"]!);
                rendered["encoding"] = sms.Encoding;
                rendered["length"] = sms.Length;
                rendered["segments"] = sms.Segments;
            }
            channels[channel] = rendered;
        }
        return new JsonObject { ["template"] = template.Key, ["locale"] = locale, ["channels"] = channels };
    }

    private static readonly Dictionary<string, object?> NoRecipient = [];

    internal sealed record PutTemplateRequest(string? Name, string? Category, ChannelTemplates? Channels, Dictionary<string, ChannelTemplates>? Locales);

    internal sealed record PreviewRequest(JsonObject? Data, string? Locale, JsonObject? Recipient);
}
