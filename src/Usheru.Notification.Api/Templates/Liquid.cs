using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Fluid;
using Fluid.Parser;

namespace Usheru.Notification.Api.Templates;

/// <summary>
/// Liquid through Fluid, and the only way into it: every parse and render in the service comes
/// here, so every one runs in the box <see cref="TemplatesOptions"/> describes. Parsing happens at
/// request time, so a broken or too deeply nested template is the caller's 400, never a failed
/// delivery later; a render over a budget throws <see cref="TemplateLimitExceededException"/>, any
/// other render failure <see cref="TemplateRenderException"/>. HTML output is escaped (letters of
/// every script kept as they are); text, subjects and JSON strings are not.
/// Parsed templates are kept by source text (a parsed template is immutable and renders on many
/// threads at once), so the same subject on every request is parsed once; the cache belongs to the
/// limits it was parsed under and starts again when they change.
/// </summary>
internal static class Liquid
{
    private const string BudgetKey = "usheru.template-budget";
    private static readonly FluidParser Parser = CreateParser();
    private static readonly TemplateOptions Options = CreateOptions();
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>
    /// The limits in force. Process-wide, like the parser and Fluid's options: set from the validated
    /// <c>Templates</c> section when the service starts (<see cref="TemplatesServiceCollectionExtensions"/>).
    /// </summary>
    public static TemplatesOptions Limits { get; private set; } = new();

    /// <summary>Parsed templates by source, with the limits they were parsed under.</summary>
    private static ParsedCache Parsed = new(Limits);

    public static void Apply(TemplatesOptions limits)
    {
        Limits = limits;
        Parsed = new(limits);
    }

    public static bool TryParse(string source, out IFluidTemplate template, out string error)
    {
        var cache = Parsed;
        if (cache.Templates.TryGetValue(source, out var parsed) && ReferenceEquals(cache.Limits, Limits))
        {
            (template, error) = (parsed, "");
            return true;
        }
        if (!Parse(source, out template, out error))
        {
            return false;
        }
        if (source.Length <= ParsedCache.MaxSourceLength)
        {
            if (cache.Templates.Count >= ParsedCache.MaxEntries)
            {
                // Sources are callers' text: a flood of different ones empties the cache rather than growing it.
                cache.Templates.Clear();
            }
            cache.Templates.TryAdd(source, template);
        }
        return true;
    }

    private static bool Parse(string source, out IFluidTemplate template, out string error)
    {
        template = null!;
        if (TemplateNesting.Check(source, Limits.MaxDepth) is { } tooDeep)
        {
            error = tooDeep;
            return false;
        }
        // Second line of defence behind the nesting check: a construct it does not know of that
        // recurses anyway meets this before the stack runs out.
        var context = new FluidParseContext(source) { OnEnterParser = (_, _) => RuntimeHelpers.EnsureSufficientExecutionStack() };
        try
        {
            if (!Parser.Grammar.TryParse(context, out var statements, out var parseError))
            {
                error = parseError is null ? "The template could not be parsed." : $"{parseError.Message} at {parseError.Position}";
                return false;
            }
            template = MeteredTemplate.Rewrite(new FluidTemplate(statements), Limits.MaxDepth);
            error = "";
            return true;
        }
        catch (InsufficientExecutionStackException)
        {
            error = TemplateLimitExceededException.Depth(Limits.MaxDepth).Message;
            return false;
        }
        catch (TemplateLimitExceededException ex)
        {
            error = ex.Message;
            return false;
        }
        catch (Exception ex) when (ex is ParseException or InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            error = ex.Message;
            return false;
        }
    }

    /// <summary>
    /// A render context holding every top-level field of <paramref name="data"/> plus <c>recipient</c>.
    /// Every render with it spends from <paramref name="budget"/>: pass one budget to all the
    /// contexts of one request, so the request as a whole is bounded; without one, the context
    /// starts its own.
    /// </summary>
    public static TemplateContext Context(JsonObject? data, IReadOnlyDictionary<string, object?> recipient, TemplateBudget? budget = null)
    {
        var context = new TemplateContext(Options) { MaxSteps = Limits.MaxSteps };
        context.AmbientValues[BudgetKey] = budget ?? TemplateBudget.Start();
        foreach (var (name, value) in data ?? [])
        {
            context.SetValue(name, ToModel(value));
        }
        context.SetValue("recipient", recipient);
        return context;
    }

    /// <exception cref="TemplateRenderException">The render failed or went over a limit (<see cref="TemplateLimitExceededException"/>).</exception>
    public static string RenderText(IFluidTemplate template, TemplateContext context) => Render(template, context, NullEncoder.Default);

    /// <exception cref="TemplateRenderException">The render failed or went over a limit (<see cref="TemplateLimitExceededException"/>).</exception>
    public static string RenderHtml(IFluidTemplate template, TemplateContext context) => Render(template, context, Html);

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

    private static string Render(IFluidTemplate template, TemplateContext context, TextEncoder encoder)
    {
        if (context.AmbientValues.GetValueOrDefault(BudgetKey) is not TemplateBudget budget)
        {
            context.AmbientValues[BudgetKey] = budget = TemplateBudget.Start();
        }
        var meter = RenderMeter.Begin(context, budget);
        var output = new StringWriter();
        try
        {
            meter.Check();
            // Synchronous in practice (no filter here is asynchronous), so the meter's thread is the render's.
            template.RenderAsync(new MeteredWriter(output, meter, isOutput: true), context, encoder, isolateContext: true).AsTask().GetAwaiter().GetResult();
            return output.ToString();
        }
        catch (TemplateRenderException)
        {
            throw;
        }
        catch (InvalidOperationException ex) when (ex.Message.StartsWith("The maximum", StringComparison.Ordinal))
        {
            // Fluid words its step limit as a recursion limit; include and render, the only recursion, are not available.
            throw TemplateLimitExceededException.Steps(context.MaxSteps);
        }
        catch (InsufficientExecutionStackException)
        {
            throw TemplateLimitExceededException.Depth(meter.Limits.MaxDepth);
        }
        catch (Exception ex)
        {
            throw new TemplateRenderException($"The template could not be rendered: {ex.Message}", ex);
        }
        finally
        {
            RenderMeter.End(context);
        }
    }

    private sealed record ParsedCache(TemplatesOptions Limits)
    {
        public const int MaxEntries = 1024;
        public const int MaxSourceLength = 16 * 1024;

        public System.Collections.Concurrent.ConcurrentDictionary<string, IFluidTemplate> Templates { get; } = new(StringComparer.Ordinal);
    }

    private static FluidParser CreateParser()
    {
        var parser = new FluidParser();
        // Both read other templates from files; there are none here, so they could only fail later.
        parser.RegisteredTags.Remove("include");
        parser.RegisteredTags.Remove("render");
        return parser;
    }

    private static TemplateOptions CreateOptions()
    {
        var options = new TemplateOptions();
        MeteredFilters.Apply(options.Filters);
        return options;
    }
}
