using System.Text.Json.Nodes;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Delivery;

/// <summary>
/// A far end slower than the lease, with more deliveries claimed than SMTP connections: the leases
/// of deliveries still being worked on are renewed, so none is rescued and sent twice.
/// </summary>
public abstract class SlowFarEndTests(Engine engine) : IAsyncLifetime
{
    private const int Recipients = 40;
    private SlowSmtpServer smtp = null!;
    private TestService service = null!;

    public Task InitializeAsync()
    {
        smtp = SlowSmtpServer.Start(replyDelay: TimeSpan.FromMilliseconds(800));
        service = new TestService(new Dictionary<string, string?>
        {
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Smtp:Security"] = "None",
            ["Email:Smtp:MaxConnections"] = "4",
            ["Delivery:LeaseSeconds"] = "5",
        }, engine: engine);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        service.Dispose();
        await smtp.DisposeAsync();
    }

    [Fact]
    public async Task Sends_each_delivery_once_when_sending_them_all_takes_longer_than_the_lease()
    {
        var body = Requests.Email();
        body["to"] = new JsonArray([.. Enumerable.Range(0, Recipients).Select(i => (JsonNode)new JsonObject { ["email"] = $"fan{i}@example.com" })]);
        var client = service.Client();

        var accepted = await client.SendAsync(body);
        await client.WaitForStatusAsync((string)accepted["id"]!, "completed", TimeSpan.FromSeconds(60));

        // 40 messages over 4 connections at 0.8 s each: about 8 s, well past the 5 s lease.
        smtp.Messages.Count.ShouldBe(Recipients);
        smtp.Messages.Select(m => m.MessageId).Distinct().Count().ShouldBe(Recipients);
    }
}

public sealed class SlowFarEndOnSqlite() : SlowFarEndTests(Engine.Sqlite);

public sealed class SlowFarEndOnPostgres() : SlowFarEndTests(Engine.Postgres);
