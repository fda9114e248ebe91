using System.Diagnostics;
using System.Net;
using Usheru.Notification.Api.Tests.Support;
using Xunit.Abstractions;

namespace Usheru.Notification.Api.Tests.SystemTests;

/// <summary>
/// What clients see while the parts restart under them, with two service processes on one
/// PostgreSQL behind nginx and clients sending all along: a rolling restart of the service costs
/// them nothing, a database restart costs them 503s they can retry, and neither loses anything
/// that was answered 202.
/// </summary>
[Collection(ServiceProcesses.Name)]
public sealed class RestartUnderLoadTests(PostgresCluster cluster, ITestOutputHelper output) : IClassFixture<PostgresCluster>
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_rolling_restart_behind_nginx_fails_no_client_request_and_delivers_everything_accepted()
    {
        using var database = new SharedDatabase(cluster);
        await using var smtp = SlowSmtpServer.Start();
        var settings = ProcessSettings.For(smtp);
        await using var service = await TwoInstancesBehindNginx.StartAsync(database, output, settings);
        var load = ClientLoad.Start(service.Http, clients: 4);
        await load.WaitForAcceptedAsync(50, Patience);

        // As ECS replaces tasks one at a time: SIGTERM, drained exit, a new task in its place, ready, the next.
        await using var newA = await ReplaceAsync(database, service.A, settings);
        await load.WaitForAcceptedAsync(50, Patience);
        await using var newB = await ReplaceAsync(database, service.B, settings);
        await load.WaitForAcceptedAsync(50, Patience);
        var responses = await load.StopAsync();

        output.WriteLine($"Client responses: {ClientResponse.Describe(responses)}; nginx passed {service.Nginx.PassedOn()} on to the other instance");
        responses.Where(r => r.Status != 202).ShouldBeEmpty();
        var accepted = AcceptedNotifications.Of(responses.Select(r => r.Json));
        var arrivals = await accepted.ShouldAllBeDeliveredAsync(smtp, service.Http, Patience);
        output.WriteLine($"Delivered: {arrivals}");
        arrivals.Duplicates.ShouldBe(0);
    }

    [Fact]
    public async Task A_database_restart_under_load_answers_503_problems_and_loses_no_accepted_notification()
    {
        using var database = new SharedDatabase(cluster);
        await using var smtp = SlowSmtpServer.Start();
        // A short lease: results the instances could not record while the database was down are rescued within seconds.
        await using var service = await TwoInstancesBehindNginx.StartAsync(database, output, ProcessSettings.For(smtp, ("Delivery:LeaseSeconds", "5")));
        var load = ClientLoad.Start(service.Http, clients: 8);
        await load.WaitForAcceptedAsync(100, Patience);

        var restart = Stopwatch.StartNew();
        cluster.Restart();
        output.WriteLine($"pg_ctl restart -m fast took {restart.Elapsed.TotalSeconds:0.00} s");
        // Nobody restarts the instances: their pools and LISTEN connections must come back by themselves.
        await load.WaitForAcceptedAsync(100, Patience);
        foreach (var instance in new[] { service.A, service.B })
            await Eventually.GetAsync(() => ReadyAsync(instance), ready => ready, Patience, $"instance {instance.Url} to be ready again");
        await Eventually.GetAsync(database.ListenersAsync, listening => listening == 2, Patience, "both instances to LISTEN for work again");
        var responses = await load.StopAsync();

        output.WriteLine($"Client responses: {ClientResponse.Describe(responses)}");
        responses.ShouldAllBe(r => r.Status == 202 || r.Status == 503, "a database outage is a 503 worth retrying, never a 500 or a dropped connection");
        responses.Where(r => r.Status != 202).ShouldAllBe(r => r.MediaType == "application/problem+json");
        responses.ShouldContain(r => r.Status == 503, "every session was cut, so requests under way or on a stale pooled connection fail");
        var accepted = AcceptedNotifications.Of(responses.Where(r => r.Status == 202).Select(r => r.Json));
        var arrivals = await accepted.ShouldAllBeSentAsync(smtp, service.Http, Patience);
        // A commit can succeed as the connection breaks: the client hears 503, the notification is sent.
        var unanswered = arrivals.DeliveryIds.Except(accepted.DeliveryIds).Count();
        output.WriteLine($"Delivered: {arrivals}; {unanswered} of them for requests answered 503; {ServiceData.Describe(await database.DeliveryCountsAsync())}");
        unanswered.ShouldBeLessThanOrEqualTo(responses.Count(r => r.Status != 202));
    }

    private async Task<ServiceProcess> ReplaceAsync(SharedDatabase database, ServiceProcess instance, IReadOnlyDictionary<string, string?> settings)
    {
        var stop = Stopwatch.StartNew();
        instance.Terminate();
        (await instance.WaitForExitAsync(StopTimeout)).ShouldBe(0);
        var exited = stop.Elapsed;
        var replacement = await database.StartInstanceAsync(output, settings, at: instance.Url);
        output.WriteLine($"{instance.Url}: exited 0 {exited.TotalSeconds:0.0} s after SIGTERM, replacement ready {stop.Elapsed.TotalSeconds:0.0} s after it");
        return replacement;
    }

    private static async Task<bool> ReadyAsync(ServiceProcess instance)
    {
        using var response = await instance.Http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        return response.StatusCode == HttpStatusCode.OK;
    }
}
