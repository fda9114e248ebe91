using System.Globalization;
using System.Text;

namespace Usheru.Notification.Client;

/// <summary>
/// <see cref="TimeSpan"/> as the ISO 8601 durations workflows use (<c>PT15M</c>, <c>P7D</c>,
/// <c>-PT2H</c>): days, hours, minutes and seconds to the millisecond, which the service reads exactly.
/// </summary>
internal static class IsoDuration
{
    public static string Format(TimeSpan duration, string parameterName)
    {
        if (duration.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            throw new ArgumentException($"{duration} is finer than a millisecond, which a workflow cannot express.", parameterName);
        }
        if (duration == TimeSpan.Zero)
        {
            return "PT0S";
        }
        var length = duration.Duration();
        var text = new StringBuilder(duration < TimeSpan.Zero ? "-P" : "P");
        Part(text, length.Days, "D");
        if (length.Ticks % TimeSpan.TicksPerDay != 0)
        {
            text.Append('T');
            Part(text, length.Hours, "H");
            Part(text, length.Minutes, "M");
            Part(text, length.Seconds + length.Milliseconds / 1000m, "S");
        }
        return text.ToString();
    }

    private static void Part(StringBuilder text, decimal value, string unit)
    {
        if (value > 0)
        {
            text.Append(value.ToString("0.###", CultureInfo.InvariantCulture)).Append(unit);
        }
    }
}
