using System.Globalization;

namespace Usheru.Notification.Api.Workflows;

/// <summary>
/// A daily window of local time (<c>09:00</c>-<c>21:00</c>, optionally on some days only) in a time
/// zone. A window whose end is before its start wraps midnight and belongs to the day it opens on.
/// Opening times are found on the local calendar and then converted, so daylight-saving changes
/// move them with the clock: a 09:00 opening is 09:00 on the wall either side of a change. An
/// opening that falls in a skipped hour opens when the clock jumps; one in a repeated hour opens
/// at its first occurrence.
/// </summary>
internal sealed record LocalWindow(TimeOnly From, TimeOnly To, IReadOnlySet<DayOfWeek>? Days)
{
    public static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    public static bool TryParseTime(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    public static LocalWindow Of(WorkflowStep step)
    {
        var from = TimeOnly.ParseExact(step.From!, "HH:mm", CultureInfo.InvariantCulture);
        var to = TimeOnly.ParseExact(step.To!, "HH:mm", CultureInfo.InvariantCulture);
        return new(from, to, step.Days is { Count: > 0 } days ? days.Select(d => (DayOfWeek)Array.IndexOf(DayNames, d)).ToHashSet() : null);
    }

    /// <summary>
    /// <paramref name="now"/> when it is inside the window in <paramref name="zone"/>; otherwise the
    /// next instant the window opens.
    /// </summary>
    public DateTimeOffset NextOpen(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        if (Contains(local))
        {
            return now;
        }
        for (var day = DateOnly.FromDateTime(local); day <= DateOnly.FromDateTime(local).AddDays(8); day = day.AddDays(1))
        {
            if (OpensOn(day) && Instant(day.ToDateTime(From), zone) is var opening && opening > now)
            {
                return opening;
            }
        }
        throw new InvalidOperationException("A window with at least one day opens within eight days.");
    }

    private bool Contains(DateTime local)
    {
        var time = TimeOnly.FromDateTime(local);
        var today = DateOnly.FromDateTime(local);
        return From < To
            ? OpensOn(today) && time >= From && time < To
            : (OpensOn(today) && time >= From) || (OpensOn(today.AddDays(-1)) && time < To);
    }

    private bool OpensOn(DateOnly day) => Days is null || Days.Contains(day.DayOfWeek);

    private static DateTimeOffset Instant(DateTime local, TimeZoneInfo zone)
    {
        while (zone.IsInvalidTime(local))
        {
            // Inside the hour the clocks skip: the first minute that exists is when the window opens.
            local = local.AddMinutes(1);
        }
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
