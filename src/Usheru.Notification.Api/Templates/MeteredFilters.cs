using Fluid;
using Fluid.Values;

namespace Usheru.Notification.Api.Templates;

/// <summary>
/// Wraps every filter so each call checks the <see cref="RenderMeter"/> and no filter returns a
/// string over <see cref="TemplatesOptions.MaxOutputChars"/>. The filters whose result can be far
/// longer than their input (<c>replace</c> with a longer string, <c>join</c> with a long separator,
/// a date or number format with a huge width) are refused before they run, since a single call
/// could otherwise exhaust memory.
/// </summary>
internal static class MeteredFilters
{
    public static void Apply(FilterCollection filters)
    {
        foreach (var (name, filter) in filters.ToList())
        {
            filters.AddFilter(name, Metered(name, filter));
        }
    }

    private static FilterDelegate Metered(string name, FilterDelegate filter) => (input, arguments, context) =>
    {
        var meter = RenderMeter.Of(context);
        if (meter is null)
        {
            return filter(input, arguments, context);
        }
        meter.Check();
        meter.CheckString(ResultBound(name, input, arguments, context));
        var result = filter(input, arguments, context);
        if (!result.IsCompletedSuccessfully)
        {
            return CheckedAsync(result, meter);
        }
        Checked(result.Result, meter);
        return result;
    };

    private static async ValueTask<FluidValue> CheckedAsync(ValueTask<FluidValue> pending, RenderMeter meter)
    {
        var value = await pending;
        Checked(value, meter);
        return value;
    }

    private static void Checked(FluidValue value, RenderMeter meter)
    {
        if (value.Type == FluidValues.String)
        {
            meter.CheckString(value.ToStringValue().Length);
        }
        meter.Check();
    }

    /// <summary>At least how long the result of the quadratic filters will be; 0 for the others.</summary>
    private static long ResultBound(string name, FluidValue input, FilterArguments arguments, TemplateContext context)
    {
        switch (name)
        {
            case "replace" or "replace_last" or "replace_first":
                var text = input.ToStringValue();
                var search = arguments.At(0).ToStringValue();
                var replacement = arguments.At(1).ToStringValue();
                if (search.Length == 0 || replacement.Length <= search.Length)
                {
                    return 0;
                }
                var occurrences = name == "replace" ? Occurrences(text, search) : Math.Min(1, Occurrences(text, search));
                return text.Length + occurrences * (replacement.Length - search.Length);
            case "join" when input.Type == FluidValues.Array:
                var separator = arguments.At(0).ToStringValue();
                return Math.Max(0, input.Enumerate(context).Count() - 1) * (long)separator.Length;
            case "date" or "format_date" or "format_number" or "format_string":
                // A width or precision in a format ("%99999999d", "N99999999") is a string that long.
                return Enumerable.Range(0, arguments.Count).Sum(i => FormatBound(arguments.At(i).ToStringValue()));
            default:
                return 0;
        }
    }

    /// <summary>At most how long a format makes its output: every number in it as a width, plus a generous length per character.</summary>
    private static long FormatBound(string format)
    {
        var bound = 32L * format.Length;
        for (var i = 0; i < format.Length; i++)
        {
            long number = 0;
            for (; i < format.Length && char.IsAsciiDigit(format[i]); i++)
            {
                number = Math.Min(number * 10 + (format[i] - '0'), int.MaxValue);
            }
            bound += number;
        }
        return bound;
    }

    private static long Occurrences(string text, string search)
    {
        long count = 0;
        for (var at = text.IndexOf(search, StringComparison.Ordinal); at >= 0; at = text.IndexOf(search, at + search.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }
}
