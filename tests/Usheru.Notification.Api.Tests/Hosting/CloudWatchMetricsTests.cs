using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Usheru.Notification.Api.Hosting;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Hosting;

/// <summary>
/// With <c>Metrics:CloudWatch:Enabled</c>, the service writes CloudWatch embedded-metric-format lines
/// to stdout: what the ECS auto scaling policy and the alarms read, with no agent in between.
/// </summary>
public abstract class CloudWatchMetricsTests(Engine engine)
{
    private readonly StringWriter output = new();

    // Writes lock this wrapper (its methods are synchronized on it); reads take the same lock.
    private TextWriter Synchronized => field ??= TextWriter.Synchronized(output);

    [Fact]
    public async Task The_queue_depth_and_the_age_of_its_oldest_delivery_are_published_for_the_environment()
    {
        // An instance that delivers nothing: what it accepts stays queued.
        using var service = Start(("Delivery:Concurrency", "0"));

        for (var i = 0; i < 3; i++)
        {
            await service.Client().SendAsync(Requests.Email($"guest-{i}@example.com"));
        }
        var line = await Eventually.GetAsync(() => Task.FromResult(Lines().LastOrDefault()), l => (long?)l?["QueueDepth"] == 3,
            what: "a metrics line counting the 3 queued deliveries");

        var directive = line!["_aws"]!["CloudWatchMetrics"]![0]!;
        ((string?)directive["Namespace"]).ShouldBe("Usheru/Notification");
        directive["Dimensions"]!.ToJsonString().ShouldBe("""[["Environment"]]""");
        directive["Metrics"]!.AsArray().Select(m => (string?)m!["Name"]).ShouldBe(CloudWatchMetrics.Names);
        ((string?)line["Environment"]).ShouldBe("test");
        ((double?)line["OldestQueuedAgeSeconds"]).ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(0);
        ((long?)line["_aws"]!["Timestamp"]).ShouldNotBeNull().ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task Sent_and_failed_deliveries_are_counted_once_across_the_lines()
    {
        using var service = Start();

        var accepted = await service.Client().SendAsync(Requests.Email());
        await service.Client().SendAsync(Requests.Email("bob@example.com"));
        await service.Client().WaitForStatusAsync((string)accepted["id"]!, "completed");
        var lines = await Eventually.GetAsync(() => Task.FromResult(Lines()), ls => ls.Sum(l => (long)l["DeliveriesSent"]!) == 2,
            what: "2 sent deliveries in the metrics");

        lines.Sum(l => (long)l["DeliveriesFailed"]!).ShouldBe(0);
        lines.ShouldAllBe(l => (long)l["QueueDepth"]! >= 0);
    }

    [Fact]
    public async Task Nothing_is_written_unless_enabled()
    {
        using var service = new TestService(engine: engine, services: Capture);

        await service.Client().SendAsync(Requests.Email());

        service.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<CloudWatchMetrics>().ShouldBeEmpty();
    }

    private TestService Start(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Metrics:CloudWatch:Enabled"] = "true",
            ["Metrics:CloudWatch:Environment"] = "test",
            ["Metrics:CloudWatch:Interval"] = "00:00:00.200",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }
        return new TestService(settings, engine: engine, services: Capture);
    }

    private void Capture(IServiceCollection services) =>
        services.AddSingleton(new CloudWatchMetrics.Output { Writer = Synchronized });

    private List<JsonNode> Lines()
    {
        string text;
        lock (Synchronized)
        {
            text = output.ToString();
        }
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!)];
    }
}

public sealed class CloudWatchMetricsOnSqlite() : CloudWatchMetricsTests(Engine.Sqlite);

public sealed class CloudWatchMetricsOnPostgres() : CloudWatchMetricsTests(Engine.Postgres);
