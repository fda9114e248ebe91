using System.Text;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Usheru.Notification.Api.Templates;

namespace Usheru.Notification.Fuzz;

/// <summary>
/// The template validator: any text as a Liquid template, parsed the way every field is (nesting
/// checked first), then rendered as text and as HTML with data of every kind. A refused parse or a
/// <see cref="TemplateRenderException"/> is an expected outcome; anything else, a stack overflow
/// above all, is a crash.
/// </summary>
internal static class TemplateTarget
{
    private static readonly JsonObject Data = JsonNode.Parse("""
        { "film": "Dune: Part Three", "n": 3, "price": 9.5, "on_sale": true, "none": null, "empty": "",
          "films": [ { "title": "Dune", "seats": [1, 2, 3] }, { "title": "Arrival", "seats": [] } ],
          "html": "<b>bold</b> & \"quoted\"", "items": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] }
        """)!.AsObject();

    private static readonly Dictionary<string, object?> Recipient = new() { ["id"] = "ann", ["name"] = "Ann", ["email"] = "ann@example.com", ["locale"] = "es" };

    public static void Run(byte[] input)
    {
        if (!Utf8.IsValid(input) || !Liquid.TryParse(Encoding.UTF8.GetString(input), out var template, out _))
        {
            return;
        }
        var context = Liquid.Context(Data, Recipient);
        try
        {
            Liquid.RenderText(template, context);
            Liquid.RenderHtml(template, context);
        }
        catch (TemplateRenderException)
        {
        }
    }
}
