using System.Text.Json;
using System.Text.Json.Nodes;
using Usheru.Notification.Api.Hosting;
using Usheru.Notification.Api.Storage;
using Usheru.Notification.Api.Templates;

namespace Usheru.Notification.Api.Console;

/// <summary>
/// A template as the console's editor holds it: its definition as JSON text (the body of
/// <c>PUT /v1/templates/{key}</c>), sample data and a locale. Checked by the API's own rules, and
/// rendered by the API's own preview, with or without a script in the browser.
/// </summary>
internal sealed record TemplateDraft(StoredTemplate? Template, JsonObject? Preview, IReadOnlyDictionary<string, string[]> Errors)
{
    public static TemplateDraft Read(string key, string? definition, string? data, string? locale)
    {
        var errors = new Dictionary<string, string[]>();
        TemplateRoutes.PutTemplateRequest? request = null;
        // The API's own rule for JSON bodies first: a key twice, U+0000 or an unpaired surrogate
        // escape is named here, rather than met as an exception by the preview or the database.
        if (Unreadable(definition ?? "") is { } why)
        {
            errors["definition"] = [$"Not a template in JSON: {why}"];
        }
        else
        {
            try
            {
                request = JsonSerializer.Deserialize<TemplateRoutes.PutTemplateRequest>(definition ?? "", StoredJson.Options);
            }
            catch (JsonException e)
            {
                errors["definition"] = [$"Not a template in JSON: {e.Message.Split(". ")[0]}."];
            }
        }
        JsonObject? sample = null;
        if (string.IsNullOrWhiteSpace(data))
        {
            sample = [];
        }
        else if (Unreadable(data) is { } fault)
        {
            errors["data"] = [$"Sample data is a JSON object, like {{ \"film\": \"Dune\" }}: {fault}"];
        }
        else if ((sample = JsonNode.Parse(data) as JsonObject) is null)
        {
            errors["data"] = ["Sample data is a JSON object, like { \"film\": \"Dune\" }."];
        }
        if (locale is { Length: > 0 } && !Identifiers.Locale.IsValid(locale))
        {
            errors["locale"] = [Identifiers.Locale.Message];
        }
        var template = request is null ? null : TemplateRoutes.Validate(key, request, errors);
        JsonObject? preview = null;
        try
        {
            preview = template is not null && errors.Count == 0
                ? TemplateRoutes.Preview(template, sample, locale is { Length: > 0 } ? locale : null, new JsonObject { ["name"] = "Ann", ["email"] = "ann@example.com" })
                : null;
        }
        catch (TemplateRenderException ex)
        {
            errors[ex.Field ?? "data"] = [ex.Message];
        }
        return new TemplateDraft(template, preview, errors);
    }

    private static string? Unreadable(string json) =>
        StrictJsonBodies.Check(System.Text.Encoding.UTF8.GetBytes(json)) is var (field, message) ? (field == "body" ? message : $"{field}: {message}").Replace("The body", "The text", StringComparison.Ordinal) : null;

    /// <summary>The definition of a stored template, as the editor shows it.</summary>
    public static string Definition(StoredTemplate template) => JsonSerializer.Serialize(
        new TemplateRoutes.PutTemplateRequest(template.Name, template.Category, template.Channels, template.Locales.ToDictionary()),
        Indented);

    private static readonly JsonSerializerOptions Indented = new(StoredJson.Options)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
