using System.Globalization;
using Usheru.Notification.Bench.Load;

namespace Usheru.Notification.Bench.Report;

/// <summary>How numbers read in the report: invariant culture, a dash for what was not measured.</summary>
internal static class Format
{
    public const string None = "—";

    public static string Rate(double perSecond) => perSecond.ToString("N0", CultureInfo.InvariantCulture);

    public static string Ms(double milliseconds) => double.IsPositiveInfinity(milliseconds)
        ? "never"
        : milliseconds.ToString(Math.Abs(milliseconds) < 10 ? "0.0" : "N0", CultureInfo.InvariantCulture);

    public static string Percentiles(LatencySummary? latency) =>
        latency is null ? None : $"{Ms(latency.P50)} / {Ms(latency.P99)}";

    public static string Mb(long bytes) => (bytes / 1024d / 1024d).ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A fraction as a percentage, with a decimal where it would otherwise round to nothing.</summary>
    public static string Share(double fraction) => Number(fraction, fraction < 0.1 ? "0.0%" : "0%");

    public static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    public static string Count(int value) => value >= 1_000_000 && value % 1_000_000 == 0
        ? Number(value / 1_000_000, "0") + "M"
        : value >= 1_000 && value % 1_000 == 0 ? Number(value / 1_000, "0") + "k" : Number(value, "0");

    /// <summary>"2.4 s for 37 held (5,000 of 5,000 arrived)": when the killed instance's deliveries had all been sent and recorded, counted from the kill.</summary>
    public static string Failover(Scenarios.FailoverResult result) =>
        (result.HeldArrivedAfter == TimeSpan.MaxValue ? "never" : $"{Number(result.HeldArrivedAfter.TotalSeconds, "0.0")} s") +
        $" for {Rate(result.Held)} held ({Rate(result.Arrived)} of {Rate(result.Count)} arrived)";
}
