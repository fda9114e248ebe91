using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.Options;
using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Hosting;

/// <summary>
/// Every <see cref="CloudWatchMetricsOptions.Interval"/>, one line of CloudWatch embedded metric
/// format on stdout: the queue as the database sees it (<c>QueueDepth</c>, due deliveries not yet
/// claimed; <c>OldestQueuedAgeSeconds</c>, how long the oldest of them has waited) and what this
/// instance ended since the last line (<c>DeliveriesSent</c>, <c>DeliveriesFailed</c>). Every task
/// reports the same queue, so the auto scaling policy divides it by the running tasks.
/// </summary>
internal sealed class CloudWatchMetrics(
    IStorageEngine engine, DeliveryMetrics deliveries, IOptions<CloudWatchMetricsOptions> options, TimeProvider time, CloudWatchMetrics.Output output,
    ILogger<CloudWatchMetrics> logger) : BackgroundService
{
    public static readonly string[] Names = ["QueueDepth", "OldestQueuedAgeSeconds", "DeliveriesSent", "DeliveriesFailed"];

    /// <summary>Restarted by <see cref="BackgroundLoop"/> after anything unexpected: the autoscaling metrics never stop for good.</summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        BackgroundLoop.RunAsync(nameof(CloudWatchMetrics), RunAsync, time, logger, stoppingToken);

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    // One call, one line: System.Console.Out is synchronized, so the line never interleaves with a log entry.
                    output.Writer.WriteLine(await LineAsync(stoppingToken));
                }
                catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException or InvalidOperationException)
                {
                    logger.LogWarning(e, "Could not read the queue for the CloudWatch metrics; trying again next interval");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<string> LineAsync(CancellationToken cancellationToken)
    {
        var now = time.Now();
        long depth;
        long? oldest;
        await using (var connection = await engine.OpenAsync(cancellationToken))
        {
            (depth, oldest) = await connection.QuerySingleAsync<(long, long?)>(new CommandDefinition(
                "SELECT COUNT(*), MIN(due_at) FROM deliveries WHERE status IN ('queued', 'retrying') AND due_at <= @now",
                new { now }, cancellationToken: cancellationToken));
        }
        var (sent, failed) = deliveries.TakeEnded();
        var o = options.Value;
        var line = new JsonObject
        {
            ["_aws"] = new JsonObject
            {
                ["Timestamp"] = now,
                ["CloudWatchMetrics"] = new JsonArray(new JsonObject
                {
                    ["Namespace"] = o.Namespace,
                    ["Dimensions"] = new JsonArray(new JsonArray("Environment")),
                    ["Metrics"] = new JsonArray(
                        Metric("QueueDepth", "Count"), Metric("OldestQueuedAgeSeconds", "Seconds"),
                        Metric("DeliveriesSent", "Count"), Metric("DeliveriesFailed", "Count")),
                }),
            },
            ["Environment"] = o.Environment,
            ["QueueDepth"] = depth,
            ["OldestQueuedAgeSeconds"] = oldest is { } due ? Math.Max(0, (now - due) / 1000.0) : 0,
            ["DeliveriesSent"] = sent,
            ["DeliveriesFailed"] = failed,
        };
        return line.ToJsonString(JsonSerializerOptions.Default);
    }

    private static JsonObject Metric(string name, string unit) => new() { ["Name"] = name, ["Unit"] = unit };

    /// <summary>Where the lines go: stdout, which the container's log driver ships to CloudWatch Logs.</summary>
    internal sealed class Output
    {
        public TextWriter Writer { get; init; } = System.Console.Out;
    }
}
