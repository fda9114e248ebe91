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
    int Followers,
    int BulkRecipients)
{
    /// <summary>The windows <c>--only</c> names (quick-sized, both engines each, CPU per unit beside each rate); null for the whole run.</summary>
    public IReadOnlyList<string>? Only { get; init; }

    /// <summary>The windows <c>--only</c> knows.</summary>
    public static readonly IReadOnlyList<string> Windows = ["accept", "key-accept", "accept-delivering", "smtp-drain", "webhook-drain", "failover", "lanes", "topic", "bulk"];

    public const string Usage = """
        Usage: dotnet run -c Release --project bench/Usheru.Notification.Bench [-- --quick | --only WINDOW[,WINDOW...]]
          --quick   shorter windows (8 s instead of 20 s), the same 20k drain backlogs (measured after the JIT warm-up), no 1M step, 10 s idle window,
                    a 10k instead of 100k marketing backlog under the lanes window, 10k instead of 100k topic followers,
                    20k instead of 100k bulk-imported recipients
          --only    just these windows, quick-sized, on both engines, each with CPU per unit and the load average:
                    accept             API-only instance (Delivery:Concurrency=0), bootstrap key: ms of CPU per request
                    key-accept         the same with a real key made by POST /v1/api-keys
                    accept-delivering  closed-loop accept with the workers delivering meanwhile
                    smtp-drain         a queued backlog drained to the SMTP sink: ms of CPU per email
                    webhook-drain      the same to the webhook sink
                    failover           PostgreSQL, two instances, kill -9 one mid-drain: seconds until its deliveries arrive
                    lanes              transactional accept-to-send while a marketing backlog drains at a cap: p50 / p99
                    topic              a notification, then a 3-step workflow, to the followers of a topic: time, rate, peak RSS
                    bulk               POST /v1/recipients/bulk, 1,000 per call, four in flight: recipients per second
        Prints progress on stderr and the results (markdown) on stdout.
        """;

    public static BenchOptions Full { get; } = new(false, 64, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20), 20_000, 100,
        TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), [10_000, 100_000, 1_000_000], 100_000, 500, 20, 100_000, 100_000);

    public static BenchOptions QuickRun { get; } = new(true, 64, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(8), 20_000, 100,
        TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), [10_000, 100_000], 10_000, 500, 20, 10_000, 20_000);

    /// <returns>Null when the arguments ask for help or are not understood.</returns>
    public static BenchOptions? Parse(IReadOnlyList<string> args) => args switch
    {
        [] => Full,
        ["--quick"] => QuickRun,
        ["--only", var windows] when windows.Split(',') is var names && names.All(Windows.Contains) => QuickRun with { Only = names },
        _ => null,
    };
}
