using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Workflows;

/// <summary>Storing workflows: what is kept, and every rule that refuses a definition with nothing stored.</summary>
public abstract class WorkflowDefinitionTests(WorkflowDefinitionTests.SharedBed shared)
{
    private WorkflowBed bed => shared.Bed;

    /// <summary>One service for the class: these tests change nothing another one reads.</summary>
    public abstract class SharedBed(Engine engine) : IAsyncLifetime
    {
        public WorkflowBed Bed { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Bed = await WorkflowBed.StartAsync(engine);
            (await Bed.Client.PutAsJsonAsync("/v1/templates/showtime-reminder", new
            {
                channels = new { inbox = new { title = "{{ film }} soon" }, sms = new { text = "{{ film }} soon" } },
            })).EnsureSuccessStatusCode();
        }

        public async Task DisposeAsync() => await Bed.DisposeAsync();
    }

    public sealed class SqliteBed() : SharedBed(Engine.Sqlite);

    public sealed class PostgresBed() : SharedBed(Engine.Postgres);

    private static JsonObject ShowtimeReminder => JsonNode.Parse("""
        { "name": "Showtime reminder", "category": "transactional",
          "steps": [
            { "id": "wait",  "type": "delay", "until": "{{ data.showtime }}", "offset": "-PT2H", "ifPast": "continue" },
            { "id": "inbox", "type": "send",  "channel": "inbox", "template": "showtime-reminder" },
            { "id": "grace", "type": "delay", "duration": "PT15M" },
            { "id": "sms",   "type": "send",  "channel": "sms", "template": "showtime-reminder", "if": "steps.inbox.read == false" } ] }
        """)!.AsObject();

    [Fact]
    public async Task Stores_a_workflow_then_replaces_it_as_a_new_version_and_lists_it()
    {
        var created = await bed.PutWorkflowAsync("versioned", ShowtimeReminder);
        var changed = ShowtimeReminder;
        changed["name"] = "Showtime reminder v2";
        var replaced = await bed.PutWorkflowAsync("versioned", changed);

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        created.Headers.Location!.ToString().ShouldBe("/v1/workflows/versioned");
        replaced.StatusCode.ShouldBe(HttpStatusCode.OK);
        var stored = await bed.Client.GetJsonAsync("/v1/workflows/versioned");
        stored["name"]!.ToString().ShouldBe("Showtime reminder v2");
        stored["version"]!.GetValue<int>().ShouldBe(2);
        stored["steps"]![3]!.ToJsonString().ShouldBe("""{"id":"sms","type":"send","if":"steps.inbox.read == false","channel":"sms","template":"showtime-reminder"}""");
        var list = await bed.Client.GetJsonAsync("/v1/workflows");
        list["items"]!.AsArray().Select(w => (string)w!["key"]!).ShouldContain("versioned");
        (await bed.Client.GetAsync("/v1/workflows/no-such-workflow")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    public static TheoryData<string, string, string> Refused => new()
    {
        { """{ "id": "x", "type": "teleport" }""", "steps[0].type", "unknown step type" },
        { """{ "type": "delay", "duration": "PT1M" }""", "steps[0].id", "give an id" },
        { """{ "id": "Bad Id", "type": "delay", "duration": "PT1M" }""", "steps[0].id", "give an id" },
        { """{ "id": "x", "type": "delay" }""", "steps[0].duration", "either a duration" },
        { """{ "id": "x", "type": "delay", "duration": "P1M" }""", "steps[0].duration", "not a positive ISO 8601 duration" },
        { """{ "id": "x", "type": "delay", "duration": "PT0S" }""", "steps[0].duration", "not a positive ISO 8601 duration" },
        { """{ "id": "x", "type": "delay", "until": "{{ data.showtime", "offset": "-PT2H" }""", "steps[0].until", "Liquid syntax error" },
        { """{ "id": "x", "type": "delay", "until": "{{ data.showtime }}", "offset": "two hours" }""", "steps[0].offset", "not an ISO 8601 duration" },
        { """{ "id": "x", "type": "delay", "duration": "PT1M", "ifPast": "maybe" }""", "steps[0].ifPast", "continue or end" },
        { """{ "id": "x", "type": "delay", "duration": "PT1M", "if": "data.vip ==" }""", "steps[0].if", "does not parse" },
        { """{ "id": "x", "type": "delay", "duration": "PT1M", "if": "steps.x.status == 'sent'" }""", "steps[0].if", "not an earlier step" },
        { """{ "id": "x", "type": "delay", "duration": "PT1M", "if": "steps.later.read" }""", "steps[0].if", "not an earlier step" },
        { """{ "id": "x", "type": "delay", "duration": "PT1M", "if": "true %}{% for i in (1..9) %}" }""", "steps[0].if", "write the condition alone" },
        { """{ "id": "x", "type": "send", "channel": "fax", "content": { "sms": { "text": "hi" } } }""", "steps[0].channel", "use one of" },
        { """{ "id": "x", "type": "send", "channel": "sms" }""", "steps[0].template", "either a template or inline content" },
        { """{ "id": "x", "type": "send", "channel": "sms", "template": "no-such-template" }""", "steps[0].template", "no template 'no-such-template'" },
        { """{ "id": "x", "type": "send", "channel": "email", "template": "showtime-reminder" }""", "steps[0].template", "has no email content" },
        { """{ "id": "x", "type": "send", "channel": "sms", "content": { "email": { "subject": "s", "text": "t" } } }""", "steps[0].content", "nothing for the sms channel" },
        { """{ "id": "x", "type": "send", "channel": "sms", "content": { "sms": { "text": "{% if %}" } } }""", "steps[0].content.sms.text", "Liquid syntax error" },
        { """{ "id": "x", "type": "digest" }""", "steps[0].window", "positive ISO 8601 duration" },
        { """{ "id": "x", "type": "digest", "window": "P1D", "maxItems": 0 }""", "steps[0].maxItems", "1 to 1000" },
        { """{ "id": "x", "type": "digest", "window": "P1D", "key": "{{ data.kind" }""", "steps[0].key", "Liquid syntax error" },
        { """{ "id": "x", "type": "throttle", "per": "P1D" }""", "steps[0].limit", "give a limit" },
        { """{ "id": "x", "type": "throttle", "limit": 2, "per": "daily" }""", "steps[0].per", "positive ISO 8601 duration" },
        { """{ "id": "x", "type": "window", "from": "9am", "to": "21:00" }""", "steps[0].from", "HH:mm" },
        { """{ "id": "x", "type": "window", "from": "09:00", "to": "25:00" }""", "steps[0].to", "HH:mm" },
        { """{ "id": "x", "type": "window", "from": "09:00", "to": "09:00" }""", "steps[0].to", "different from its opening" },
        { """{ "id": "x", "type": "window", "from": "09:00", "to": "21:00", "days": ["monday"] }""", "steps[0].days", "distinct days" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Refuses_a_bad_step_naming_it_and_stores_nothing(string step, string field, string message)
    {
        var response = await bed.PutWorkflowAsync("broken", new JsonObject { ["steps"] = new JsonArray(JsonNode.Parse(step)) });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        errors.Select(e => e.Key).ShouldContain(field);
        errors[field]![0]!.ToString().ShouldContain(message);
        (await bed.Client.GetAsync("/v1/workflows/broken")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Refuses_duplicate_step_ids_no_steps_a_bad_category_and_a_bad_key()
    {
        var duplicate = await bed.PutWorkflowAsync("twice", JsonNode.Parse("""
            { "steps": [ { "id": "a", "type": "delay", "duration": "PT1M" }, { "id": "a", "type": "delay", "duration": "PT2M" } ] }
            """)!.AsObject());
        var empty = await bed.PutWorkflowAsync("empty", new JsonObject { ["steps"] = new JsonArray() });
        var category = await bed.PutWorkflowAsync("category", new JsonObject { ["category"] = "spam", ["steps"] = ShowtimeReminder["steps"]!.DeepClone() });
        var key = await bed.PutWorkflowAsync("Not%20A%20Key", ShowtimeReminder);

        (await Errors(duplicate))["steps[1].id"]![0]!.ToString().ShouldBe("Step 'a': another step has this id; ids are unique in a workflow.");
        (await Errors(empty))["steps"].ShouldNotBeNull();
        (await Errors(category))["category"].ShouldNotBeNull();
        (await Errors(key))["key"].ShouldNotBeNull();
        (await bed.Client.GetJsonAsync("/v1/workflows"))["items"]!.AsArray().Select(w => (string)w!["key"]!)
            .ShouldNotContain(k => k == "twice" || k == "empty" || k == "category");
    }

    [Fact]
    public async Task Refuses_a_trigger_of_an_unknown_workflow_and_keys_or_channels_that_do_not_belong()
    {
        (await bed.PutWorkflowAsync("showtime-reminder", ShowtimeReminder)).EnsureSuccessStatusCode();
        var to = new JsonArray(new JsonObject { ["email"] = "ann@example.com" });
        var before = (await bed.Client.GetJsonAsync("/v1/notifications"))["items"]!.AsArray().Count;

        var unknown = await Post(new JsonObject { ["workflow"] = "no-such-workflow", ["to"] = to.DeepClone() });
        var both = await Post(new JsonObject { ["workflow"] = "showtime-reminder", ["template"] = "showtime-reminder", ["to"] = to.DeepClone() });
        var stray = await Post(new JsonObject { ["template"] = "showtime-reminder", ["cancellationKey"] = "b-1", ["to"] = to.DeepClone() });
        var channels = await Post(new JsonObject { ["workflow"] = "showtime-reminder", ["channels"] = new JsonArray("sms"), ["to"] = to.DeepClone() });
        var badKey = await Post(new JsonObject { ["workflow"] = "showtime-reminder", ["cancellationKey"] = " b-1\n", ["to"] = to.DeepClone() });

        (await Errors(unknown))["workflow"]![0]!.ToString().ShouldBe("No workflow 'no-such-workflow'.");
        (await Errors(both))["content"].ShouldNotBeNull();
        (await Errors(stray))["cancellationKey"].ShouldNotBeNull();
        (await Errors(channels))["channels"].ShouldNotBeNull();
        (await Errors(badKey))["cancellationKey"].ShouldNotBeNull();
        (await bed.Client.GetJsonAsync("/v1/notifications"))["items"]!.AsArray().Count.ShouldBe(before);
    }

    private Task<HttpResponseMessage> Post(JsonObject body) => bed.Client.PostAsJsonAsync("/v1/notifications", body);

    private static async Task<JsonObject> Errors(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
    }
}

public sealed class WorkflowDefinitionsOnSqlite(WorkflowDefinitionTests.SqliteBed bed)
    : WorkflowDefinitionTests(bed), IClassFixture<WorkflowDefinitionTests.SqliteBed>;

public sealed class WorkflowDefinitionsOnPostgres(WorkflowDefinitionTests.PostgresBed bed)
    : WorkflowDefinitionTests(bed), IClassFixture<WorkflowDefinitionTests.PostgresBed>;
