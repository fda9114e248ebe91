extern alias JsonEverything;

using System.Globalization;
using System.Text.Json.Nodes;
using JsonEverything::Json.Schema;

namespace Usheru.Notification.Api.Tests.OpenApi;

/// <summary>The service's own <c>/openapi/v1.json</c>, and what it allows each answer to be.</summary>
public sealed class ServedDocument(JsonObject root)
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    public static async Task<ServedDocument> LoadAsync(HttpClient client) =>
        new(JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!.AsObject());

    public JsonObject Root => root;

    /// <summary>Every operation as <c>METHOD /path/{template}</c>.</summary>
    public IReadOnlyList<string> Operations =>
        [.. Paths.SelectMany(p => p.Value!.AsObject().Where(m => Methods.Contains(m.Key)).Select(m => Key(m.Key, p.Key)))];

    public static string Key(string method, string template) => $"{method.ToUpperInvariant()} {template}";

    public JsonObject Operation(string method, string template) =>
        root["paths"]?[template]?[method.ToLowerInvariant()]?.AsObject() ?? throw new InvalidOperationException($"The document has no {Key(method, template)}.");

    /// <summary>Every way <paramref name="response"/> departs from what the document declares for the operation; empty when it conforms.</summary>
    public async Task<IReadOnlyList<string>> CheckAsync(string method, string template, HttpResponseMessage response)
    {
        var status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
        var responses = Operation(method, template)["responses"]!.AsObject();
        if ((responses[status] ?? responses["default"]) is not JsonObject declared)
        {
            return [$"status {status} is not declared (declared: {string.Join(", ", responses.Select(r => r.Key))})"];
        }
        var problems = new List<string>();
        foreach (var (name, header) in declared["headers"]?.AsObject() ?? [])
        {
            if (header?["required"]?.GetValue<bool>() == true && !response.Headers.Contains(name) && !response.Content.Headers.Contains(name))
            {
                problems.Add($"{status}: the required header {name} is missing");
            }
        }
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var content = declared["content"]?.AsObject();
        if (content is null)
        {
            var length = (await response.Content.ReadAsByteArrayAsync()).Length;
            return length == 0 ? problems : [.. problems, $"{status}: a body ({mediaType}, {length} bytes) where the document declares none"];
        }
        if (mediaType is null || content[mediaType] is not JsonObject declaredContent)
        {
            return [.. problems, $"{status}: content type {mediaType ?? "(none)"} is not declared (declared: {string.Join(", ", content.Select(c => c.Key))})"];
        }
        if (mediaType.EndsWith("json", StringComparison.Ordinal))
        {
            var body = await response.Content.ReadAsStringAsync();
            problems.AddRange(Validate(declaredContent["schema"]!, JsonNode.Parse(body)).Select(e => $"{status} {mediaType}: {e}; body: {body}"));
        }
        return problems;
    }

    /// <summary>Where <paramref name="instance"/> breaks <paramref name="schema"/> (a schema of this document, references resolved in it).</summary>
    public IReadOnlyList<string> Validate(JsonNode schema, JsonNode? instance)
    {
        var wrapper = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$defs"] = root["components"]?["schemas"]?.DeepClone() ?? new JsonObject(),
            ["allOf"] = new JsonArray(schema.DeepClone()),
        };
        var text = wrapper.ToJsonString().Replace("\"#/components/schemas/", "\"#/$defs/", StringComparison.Ordinal);
        var results = JsonSchema.FromText(text).Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return results.IsValid ? [] : [.. results.Details.Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {e.Key}: {e.Value}"))];
    }

    private JsonObject Paths => root["paths"]!.AsObject();
}
