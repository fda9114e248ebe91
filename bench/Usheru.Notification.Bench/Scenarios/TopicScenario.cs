using System.Text.Json.Nodes;
using Usheru.Notification.Bench.Processes;
using Usheru.Notification.Bench.Storage;
using Usheru.Notification.Bench.Targets;

namespace Usheru.Notification.Bench.Scenarios;

/// <summary>
/// "Tickets on sale" to every follower of a film, two ways, each on a fresh database of the same
/// followers: a plain notification to the topic (one email each), and a three-step workflow (an
/// inbox item, a one-second delay, an email) triggered to the topic, one run each. Both are timed
/// from the trigger to the last email at the SMTP sink; a workflow run completes with its email.
/// </summary>
internal static class TopicScenario
{
    private const string Topic = "film:dune";
    private const string Workflow = "tickets-on-sale";

    private static readonly object Email = new { subject = "Tickets for {{ film }} are on sale", text = "Hi {{ recipient.name }}, book now." };

    public static Task<DrainResult> NotificationAsync(BenchContext context, IBenchEngine engine, int followers) =>
        MeasureAsync(context, engine, followers, new JsonObject
        {
            ["to"] = new JsonArray(new JsonObject { ["topic"] = Topic }),
            ["content"] = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(new { email = Email })),
            ["data"] = new JsonObject { ["film"] = "Dune" },
        });

    public static Task<DrainResult> WorkflowAsync(BenchContext context, IBenchEngine engine, int followers) =>
        MeasureAsync(context, engine, followers, new JsonObject
        {
            ["workflow"] = Workflow,
            ["to"] = new JsonArray(new JsonObject { ["topic"] = Topic }),
            ["data"] = new JsonObject { ["film"] = "Dune" },
        });

    private static async Task<DrainResult> MeasureAsync(BenchContext context, IBenchEngine engine, int followers, JsonObject trigger)
    {
        var connectionString = await engine.CreateDatabaseAsync(context.NextDatabaseName("topic"));
        await using (var setup = await ServiceTarget.StartAsync(context, engine, connectionString))
        {
            await ServiceTarget.CallAsync(setup, HttpMethod.Put, $"v1/topics/{Topic}", new { });
            await ServiceTarget.CallAsync(setup, HttpMethod.Put, $"v1/workflows/{Workflow}", new
            {
                category = "marketing",
                steps = new object[]
                {
                    new { id = "inbox", type = "send", channel = "inbox", content = new { inbox = new { title = "{{ film }}: tickets on sale" } } },
                    new { id = "pause", type = "delay", duration = "PT1S" },
                    new { id = "email", type = "send", channel = "email", content = new { email = Email } },
                },
            });
        }
        await engine.LoadBacklogAsync(connectionString, new Followers(followers, Topic));
        return await DrainScenario.MeasureAsync(async () =>
        {
            var service = await ServiceTarget.StartAsync(context, engine, connectionString);
            await ServiceTarget.CallAsync(service, HttpMethod.Post, "v1/notifications", trigger);
            return service;
        }, context.Smtp.Arrivals, followers, engine.Server);
    }
}
