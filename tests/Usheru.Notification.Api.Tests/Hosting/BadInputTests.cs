using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Hosting;

/// <summary>Bad input gets an RFC 9457 problem with the right status, and writes nothing.</summary>
public abstract class BadInputTests(Engine engine) : IDisposable
{
    private readonly TestService service = new(engine: engine);

    public void Dispose() => service.Dispose();

    public static TheoryData<string, string, HttpStatusCode, string?> Cases() => new()
    {
        { "malformed JSON", """{"to": [""", HttpStatusCode.BadRequest, null },
        { "not JSON at all", "to=ann@example.com", HttpStatusCode.BadRequest, null },
        { "a number for an email", """{"to":[{"email":42}],"content":{"email":{"subject":"s","text":"t"}}}""", HttpStatusCode.BadRequest, "to[0].email" },
        { "a string for the address list", """{"to":"ann@example.com","content":{"email":{"subject":"s","text":"t"}}}""", HttpStatusCode.BadRequest, "to" },
        { "a date that is not a date", """{"to":[{"email":"ann@example.com"}],"sendAt":"tomorrow","content":{"email":{"subject":"s","text":"t"}}}""", HttpStatusCode.BadRequest, "sendAt" },
        { "no addresses", """{"to":[],"content":{"email":{"subject":"s","text":"t"}}}""", HttpStatusCode.BadRequest, "to" },
        { "two address kinds in one entry", """{"to":[{"email":"ann@example.com","webhook":"whe_0198f7d1c0a27a4c9b3e2f1d0c9b8a76"}],"content":{"email":{"subject":"s","text":"t"}}}""", HttpStatusCode.BadRequest, "to[0]" },
        { "an invalid email address", """{"to":[{"email":"ann@@example"}],"content":{"email":{"subject":"s","text":"t"}}}""", HttpStatusCode.BadRequest, "to[0]" },
        { "an unknown webhook endpoint", """{"to":[{"webhook":"whe_0198f7d1c0a27a4c9b3e2f1d0c9b8a76"}],"content":{"webhook":{"payload":{}}}}""", HttpStatusCode.BadRequest, "to[0]" },
        { "no content and no template", """{"to":[{"email":"ann@example.com"}]}""", HttpStatusCode.BadRequest, "content" },
        { "an email without a subject", """{"to":[{"email":"ann@example.com"}],"content":{"email":{"text":"t"}}}""", HttpStatusCode.BadRequest, "content.email.subject" },
        { "an unknown category", """{"to":[{"email":"ann@example.com"}],"category":"spam","content":{"email":{"subject":"s","text":"t"}}}""", HttpStatusCode.BadRequest, "category" },
        { "a broken Liquid tag", """{"to":[{"email":"ann@example.com"}],"content":{"email":{"subject":"Tickets for {{ film","text":"t"}}}""", HttpStatusCode.BadRequest, "content.email.subject" },
        { "a broken Liquid block in a webhook payload", """{"to":[{"webhook":"whe_0198f7d1c0a27a4c9b3e2f1d0c9b8a76"}],"content":{"webhook":{"payload":{"a":{"b":"{% if x %}"}}}}}""", HttpStatusCode.BadRequest, null },
        { "a channel excluded by channels", """{"to":[{"email":"ann@example.com"}],"channels":["webhook"],"content":{"email":{"subject":"s","text":"t"}}}""", HttpStatusCode.BadRequest, "to[0]" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Answers_bad_notification_requests_with_a_problem_and_writes_nothing(string why, string body, HttpStatusCode status, string? field)
    {
        var client = service.Client();

        var response = await client.PostAsync("/v1/notifications", new StringContent(body, Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(status, why);
        await ShouldBeProblemAsync(response, (int)status, field);
        (await client.GetJsonAsync("/v1/notifications"))["items"]!.AsArray().ShouldBeEmpty(why);
    }

    [Fact]
    public async Task Refuses_a_body_over_256_KiB_with_413_and_writes_nothing()
    {
        var client = service.Client();
        var body = Requests.Email(text: new string('x', 300 * 1024));

        var response = await client.PostAsJsonAsync("/v1/notifications", body);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        await ShouldBeProblemAsync(response, 413, null);
        (await client.GetJsonAsync("/v1/notifications"))["items"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Accepts_a_body_just_under_256_KiB()
    {
        var response = await service.Client().PostAsJsonAsync("/v1/notifications", Requests.Email(text: new string('x', 250 * 1024)));

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task Ignores_unknown_properties()
    {
        var body = Requests.Email();
        body["somethingNew"] = new JsonObject { ["x"] = 1 };

        var response = await service.Client().PostAsJsonAsync("/v1/notifications", body);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
    }

    [Theory]
    [InlineData("GET", "/v1/notifications/ntf_0198f7d1c0a27a4c9b3e2f1d0c9b8a76")]
    [InlineData("POST", "/v1/notifications/ntf_0198f7d1c0a27a4c9b3e2f1d0c9b8a76/cancel")]
    [InlineData("GET", "/v1/webhook-endpoints/whe_0198f7d1c0a27a4c9b3e2f1d0c9b8a76")]
    [InlineData("DELETE", "/v1/webhook-endpoints/whe_0198f7d1c0a27a4c9b3e2f1d0c9b8a76")]
    [InlineData("DELETE", "/v1/api-keys/key_0198f7d1c0a27a4c9b3e2f1d0c9b8a76")]
    [InlineData("GET", "/v1/no-such-thing")]
    public async Task Answers_unknown_ids_and_routes_with_a_404_problem(string method, string path)
    {
        var response = await service.Client().SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await ShouldBeProblemAsync(response, 404, null);
    }

    [Theory]
    [InlineData("/v1/notifications?limit=0", "limit")]
    [InlineData("/v1/notifications?limit=1000", "limit")]
    [InlineData("/v1/notifications?cursor=garbage!", "cursor")]
    [InlineData("/v1/notifications?status=lost", "status")]
    [InlineData("/v1/notifications?limit=ten", "limit")]
    [InlineData("/v1/deliveries?limit=1.5", "limit")]
    [InlineData("/v1/recipients/ann/inbox?unread=maybe", "unread")]
    public async Task Answers_bad_list_parameters_with_a_400_problem_naming_the_parameter(string path, string field)
    {
        var response = await service.Client().GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        await ShouldBeProblemAsync(response, 400, field);
    }

    [Theory]
    [InlineData("""{"url":"ftp://example.com/hook"}""", "url")]
    [InlineData("""{"url":"not a url"}""", "url")]
    [InlineData("""{"url":"https://example.com/hook","events":["booking.paid"]}""", "events")]
    public async Task Answers_bad_webhook_endpoints_with_a_400_problem_and_creates_none(string body, string field)
    {
        var client = service.Client();

        var response = await client.PostAsync("/v1/webhook-endpoints", new StringContent(body, Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        await ShouldBeProblemAsync(response, 400, field);
        (await client.GetJsonAsync("/v1/webhook-endpoints"))["items"]!.AsArray().ShouldBeEmpty();
    }

    private static async Task ShouldBeProblemAsync(HttpResponseMessage response, int status, string? field)
    {
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var text = await response.Content.ReadAsStringAsync();
        var problem = JsonNode.Parse(text)!;
        problem["status"]!.GetValue<int>().ShouldBe(status);
        problem["title"].ShouldNotBeNull();
        problem["type"].ShouldNotBeNull();
        problem["traceId"].ShouldNotBeNull();
        text.ShouldNotContain("   at ", Case.Sensitive, "no stack trace");
        if (field is not null)
        {
            problem["errors"]![field].ShouldNotBeNull($"an error for '{field}' in {text}");
        }
    }
}

public sealed class BadInputOnSqlite() : BadInputTests(Engine.Sqlite);

public sealed class BadInputOnPostgres() : BadInputTests(Engine.Postgres);
