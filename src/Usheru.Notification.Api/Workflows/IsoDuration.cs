using System.Globalization;
using System.Text.RegularExpressions;

namespace Usheru.Notification.Api.Workflows;

/// <summary>
/// ISO 8601 durations in weeks, days, hours, minutes and seconds (<c>P1W</c>, <c>PT15M</c>, <c>-PT2H</c>).
/// Months and years are refused: their length depends on the calendar, so "in one month" is a
/// <c>delay</c> with <c>until</c>, not a duration.
/// </summary>
internal static partial class IsoDuration
{
    /// <summary>A duration that was validated when its workflow was stored.</summary>
    public static TimeSpan Parse(string text) =>
        TryParse(text, out var duration) ? duration : throw new FormatException($"'{text}' is not an ISO 8601 duration.");

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (text is null || Pattern().Match(text) is not { Success: true } m || (m.Groups["w"].Length + m.Groups["d"].Length
                + m.Groups["h"].Length + m.Groups["m"].Length + m.Groups["s"].Length) == 0 || text.EndsWith('T'))
        {
            return false;
        }
        double Part(string name) => m.Groups[name].Success ? double.Parse(m.Groups[name].Value, CultureInfo.InvariantCulture) : 0;
        var seconds = (((Part("w") * 7 + Part("d")) * 24 + Part("h")) * 60 + Part("m")) * 60 + Part("s");
        if (seconds > TimeSpan.FromDays(3660).TotalSeconds)
        {
            return false;
        }
        duration = TimeSpan.FromSeconds(m.Groups["sign"].Success ? -seconds : seconds);
        return true;
    }

    [GeneratedRegex(@"\A(?<sign>-)?P(?:(?<w>\d{1,4})W)?(?:(?<d>\d{1,5})D)?(?:T(?:(?<h>\d{1,6})H)?(?:(?<m>\d{1,7})M)?(?:(?<s>\d{1,9}(?:\.\d{1,3})?)S)?)?\z")]
    private static partial Regex Pattern();
}
