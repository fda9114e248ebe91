namespace Usheru.Notification.Bench;

/// <summary>How big a run is. <c>--quick</c> shortens every window and skips the million-delivery step.</summary>
internal sealed record BenchOptions(
    bool Quick,
    int Connections,
    TimeSpan Warmup,
    TimeSpan Window,
    int RateBacklog,
    double LatencyRate,
    TimeSpan LatencyWindow,
    TimeSpan IdleWindow,
    IReadOnlyList<int> ScalingSteps,
    int LanesBacklog,
    double LanesCap,
    double LanesTransactionalRate,
    int Followers)
{
    public const string Usage = """
        Usage: dotnet run -c Release --project bench/Usheru.Notification.Bench [-- --quick]
          --quick   shorter windows (8 s instead of 20 s), 5k instead of 20k backlogs, no 1M step, 10 s idle window,
                    a 10k instead of 100k marketing backlog under the lanes window, 10k instead of 100k topic followers
        Prints progress on stderr and the results (markdown) on stdout.
        """;

    public static BenchOptions Full { get; } = new(false, 64, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20), 20_000, 100,
        TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), [10_000, 100_000, 1_000_000], 100_000, 500, 20, 100_000);

    public static BenchOptions QuickRun { get; } = new(true, 64, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(8), 5_000, 100,
        TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), [10_000, 100_000], 10_000, 500, 20, 10_000);

    /// <returns>Null when the arguments ask for help or are not understood.</returns>
    public static BenchOptions? Parse(IReadOnlyList<string> args) => args switch
    {
        [] => Full,
        ["--quick"] => QuickRun,
        _ => null,
    };
}
