using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Recipients;

/// <summary>
/// Which deliveries a notification to a recipient becomes, for every combination of having an
/// address, a channel preference, the notification's category and a marketing opt-out.
/// </summary>
public abstract class RoutingTests(Engine engine) : IDisposable
{
    private readonly TestService service = new(engine: engine);

    public void Dispose() => service.Dispose();

    public static TheoryData<bool, bool?, string, bool, string, string?> Combinations()
    {
        var data = new TheoryData<bool, bool?, string, bool, string, string?>();
        foreach (var hasEmail in new[] { true, false })
        {
            foreach (var emailAllowed in new bool?[] { null, true, false })
            {
                foreach (var category in new[] { "transactional", "marketing" })
                {
                    foreach (var marketingOptOut in new[] { false, true })
                    {
                        var (status, reason) = !hasEmail ? ("suppressed", "no email address")
                            : emailAllowed == false ? ("suppressed", "opted out of the email channel")
                            : category == "marketing" && marketingOptOut ? ("suppressed", "opted out of marketing")
                            : ("queued", (string?)null);
                        data.Add(hasEmail, emailAllowed, category, marketingOptOut, status, reason);
                    }
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public async Task Routes_email_by_address_channel_preference_and_category(
        bool hasEmail, bool? emailAllowed, string category, bool marketingOptOut, string expected, string? reason)
    {
        var client = service.Client();
        await client.PutAsJsonAsync("/v1/recipients/fan-1", new { email = hasEmail ? "fan@example.com" : null, name = "Fan" });
        var channels = new JsonObject();
        if (emailAllowed is { } allowed)
        {
            channels["email"] = allowed;
        }
        await client.PutAsJsonAsync("/v1/recipients/fan-1/preferences", new JsonObject
        {
            ["channels"] = channels,
            ["categories"] = new JsonObject { ["marketing"] = !marketingOptOut },
        });

        var accepted = await client.SendAsync(new JsonObject
        {
            ["to"] = new JsonArray(new JsonObject { ["recipientId"] = "fan-1" }),
            ["category"] = category,
            ["content"] = new JsonObject
            {
                ["email"] = new JsonObject { ["subject"] = "News", ["text"] = "Hello {{ recipient.name }}" },
                ["inbox"] = new JsonObject { ["title"] = "News" },
            },
        });

        var email = accepted["deliveries"]!.AsArray().Single(d => (string)d!["channel"]! == "email")!;
        email["status"]!.ToString().ShouldBe(expected);
        var shown = (await client.NotificationAsync((string)accepted["id"]!))["deliveries"]!.AsArray().Single(d => (string)d!["id"]! == (string)email["id"]!)!;
        if (reason is null)
        {
            shown["status"]!.ToString().ShouldNotBe("suppressed");
        }
        else
        {
            shown["status"]!.ToString().ShouldBe("suppressed");
            shown["lastError"]!.ToString().ShouldContain(reason);
        }
        // The inbox needs no address: it is there unless marketing is blocked.
        var inbox = accepted["deliveries"]!.AsArray().Single(d => (string)d!["channel"]! == "inbox")!;
        inbox["status"]!.ToString().ShouldBe(category == "marketing" && marketingOptOut ? "suppressed" : "queued");
    }

    [Fact]
    public async Task Refuses_an_unknown_recipient_and_writes_nothing()
    {
        var client = service.Client();

        var response = await client.PostAsJsonAsync("/v1/notifications", new JsonObject
        {
            ["to"] = new JsonArray(new JsonObject { ["recipientId"] = "ghost" }),
            ["content"] = new JsonObject { ["inbox"] = new JsonObject { ["title"] = "Boo" } },
        });

        ((int)response.StatusCode).ShouldBe(400);
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["to[0]"]![0]!.ToString().ShouldContain("ghost");
        (await client.GetJsonAsync("/v1/notifications"))["items"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Marks_a_notification_whose_every_delivery_was_suppressed_as_failed_at_once()
    {
        var client = service.Client();
        await client.PutAsJsonAsync("/v1/recipients/fan-3", new { name = "No addresses" });

        var accepted = await client.SendAsync(new JsonObject
        {
            ["to"] = new JsonArray(new JsonObject { ["recipientId"] = "fan-3" }),
            ["content"] = new JsonObject { ["email"] = new JsonObject { ["subject"] = "S", ["text"] = "T" } },
        });

        accepted["status"]!.ToString().ShouldBe("failed");
        (await client.NotificationAsync((string)accepted["id"]!))["status"]!.ToString().ShouldBe("failed");
    }
}

public sealed class RoutingOnSqlite() : RoutingTests(Engine.Sqlite);

public sealed class RoutingOnPostgres() : RoutingTests(Engine.Postgres);
