using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Fluid;

namespace Usheru.Notification.Api.Templates;

/// <summary>
/// Liquid through Fluid. Parsing happens at request time, so a broken template is the caller's 400,
/// never a failed delivery later. HTML output is escaped (letters of every script kept as they are);
/// text, subjects and JSON strings are not.
/// </summary>
internal static class Liquid
{
    private static readonly FluidParser Parser = new();
    private static readonly TemplateOptions Options = new();
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    public static bool TryParse(string source, out IFluidTemplate template, out string error) =>
        Parser.TryParse(source, out template, out error);

    /// <summary>A render context holding every top-level field of <paramref name="data"/> plus <c>recipient</c>.</summary>
    public static TemplateContext Context(JsonObject? data, IReadOnlyDictionary<string, object?> recipient)
    {
        var context = new TemplateContext(Options);
        foreach (var (name, value) in data ?? [])
        {
            context.SetValue(name, ToModel(value));
        }
        context.SetValue("recipient", recipient);
        return context;
    }

    public static string RenderText(IFluidTemplate template, TemplateContext context) => template.Render(context, NullEncoder.Default);

    public static string RenderHtml(IFluidTemplate template, TemplateContext context) => template.Render(context, Html);

    public static object? ToModel(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(p => p.Key, p => ToModel(p.Value)),
        JsonArray a => a.Select(ToModel).ToList(),
        JsonValue v when v.TryGetValue(out bool b) => b,
        JsonValue v when v.TryGetValue(out long l) => l,
        JsonValue v when v.TryGetValue(out decimal d) => d,
        JsonValue v => v.ToString(),
        _ => node.ToJsonString(),
    };
}
