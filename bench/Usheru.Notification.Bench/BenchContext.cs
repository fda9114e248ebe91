using System.Diagnostics;
using Usheru.Notification.Bench.Load;
using Usheru.Notification.Bench.Sinks;
using Usheru.Notification.Bench.Storage;

namespace Usheru.Notification.Bench;

/// <summary>What every measurement shares: the options, the run folder, the load generators, the sinks and the PostgreSQL server.</summary>
internal sealed class BenchContext(
    BenchOptions options, string runDirectory, WrkLoad wrk, PacedLoad paced, SmtpSink smtp, WebhookSink webhooks, PostgresCluster postgres)
{
    /// <summary>The key the service is started with; the Hangfire baseline and the ceiling ignore it, as they check no key.</summary>
    public const string BootstrapKey = "bench-bootstrap-key-0123456789";

    private readonly long started = Stopwatch.GetTimestamp();
    private int databases;

    public BenchOptions Options { get; } = options;

    public string RunDirectory { get; } = runDirectory;

    public WrkLoad Wrk { get; } = wrk;

    public PacedLoad Paced { get; } = paced;

    public SmtpSink Smtp { get; } = smtp;

    public WebhookSink Webhooks { get; } = webhooks;

    public PostgresCluster Postgres { get; } = postgres;

    /// <summary>A fresh database name, so no measurement inherits another's rows.</summary>
    public string NextDatabaseName(string purpose) => $"{purpose}_{Interlocked.Increment(ref databases)}";

    public void Progress(string message) =>
        Console.Error.WriteLine($"[{Stopwatch.GetElapsedTime(started):hh\\:mm\\:ss}] {message}");
}
