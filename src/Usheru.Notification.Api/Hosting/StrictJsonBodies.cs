using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Usheru.Notification.Api.Hosting;

/// <summary>
/// A JSON body is read whole (it is at most 256 KiB) and refused with a 400 naming the problem
/// before any endpoint sees it, if it is not valid UTF-8, not JSON, gives a property twice in one
/// object, or holds a string no database can store: an unpaired surrogate escape (<c>"\ud800"</c>)
/// or U+0000. Otherwise such bodies were half-accepted: replaced characters stored silently, or a
/// 500 from deep inside. Duplicate properties are found by the framework's own JSON parser.
/// </summary>
internal static class StrictJsonBodies
{
    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    public static IApplicationBuilder UseStrictJsonBodies(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (!http.Request.HasJsonContentType() || http.Request.ContentLength == 0)
        {
            await next(http);
            return;
        }
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, http.RequestAborted);
        if (body.Length > 0 && Check(body.GetBuffer().AsSpan(0, (int)body.Length)) is var (field, message))
        {
            await TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] },
                detail: "The request body could not be read as JSON of the expected shape.").ExecuteAsync(http);
            return;
        }
        body.Position = 0;
        http.Request.Body = body;
        await next(http);
    });

    /// <summary>Null for a body that may go on to the endpoint; else the field at fault (<c>body</c> for the whole) and why.</summary>
    public static (string Field, string Message)? Check(ReadOnlySpan<byte> body)
    {
        if (!Utf8.IsValid(body))
        {
            return ("body", $"The body is not valid UTF-8 (at byte {FirstInvalidByte(body)}).");
        }
        var json = body.StartsWith(Encoding.UTF8.Preamble) ? body[Encoding.UTF8.Preamble.Length..] : body;
        try
        {
            using var document = JsonDocument.Parse(json.ToArray(), Strict);
            return Walk(document.RootElement, "");
        }
        catch (JsonException ex) when (ex.Message.StartsWith("Duplicate property", StringComparison.Ordinal))
        {
            return ("body", $"{ex.Message.Split(" encountered", 2)[0]} appears twice in one object.");
        }
        catch (JsonException ex)
        {
            return ("body", $"The body is not valid JSON: {ex.Message}");
        }
        catch (InvalidOperationException)
        {
            // Comparing property names for duplicates decodes them: an unpaired surrogate escape in one.
            return ("body", Unpaired);
        }
    }

    private const string Unpaired = "A string holds an unpaired UTF-16 surrogate escape (\\uD800-\\uDFFF): not valid Unicode.";

    private static (string Field, string Message)? Walk(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var name = property.Name;
                    var at = path.Length == 0 ? name : $"{path}.{name}";
                    if (Unstorable(name) is { } why)
                    {
                        return (path.Length == 0 ? "body" : path, $"A property name {why}");
                    }
                    if (Walk(property.Value, at) is { } problem)
                    {
                        return problem;
                    }
                }
                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (Walk(item, $"{path}[{index++}]") is { } problem)
                    {
                        return problem;
                    }
                }
                return null;
            case JsonValueKind.String:
                string value;
                try
                {
                    value = element.GetString()!;
                }
                catch (InvalidOperationException)
                {
                    return (path.Length == 0 ? "body" : path, Unpaired);
                }
                return Unstorable(value) is { } reason ? (path.Length == 0 ? "body" : path, $"This string {reason}") : null;
            default:
                return null;
        }
    }

    private static string? Unstorable(string text) => text.Contains('\0', StringComparison.Ordinal) ? "holds U+0000, which is not allowed." : null;

    private static int FirstInvalidByte(ReadOnlySpan<byte> body)
    {
        var at = 0;
        while (at < body.Length && System.Text.Rune.DecodeFromUtf8(body[at..], out _, out var consumed) == System.Buffers.OperationStatus.Done)
        {
            at += consumed;
        }
        return at;
    }
}
