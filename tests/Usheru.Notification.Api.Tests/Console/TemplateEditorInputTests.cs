using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Console;

/// <summary>
/// The console's template editor, posted over HTTP as a signed-in operator's browser posts it: sample
/// data or a definition the API would refuse as a body (a key twice, U+0000, not JSON) is an error
/// shown beside the editor, in the live preview's answer and on the page, never a 500.
/// </summary>
public abstract partial class TemplateEditorInputTests(Engine engine) : IDisposable
{
    private const string Definition = """{"channels":{"email":{"subject":"Hi {{ a }}","text":"t"}}}""";
    private readonly TestService service = new(engine: engine);

    public void Dispose() => service.Dispose();

    /// <summary>The field at fault, and what is typed into the definition and the sample data.</summary>
    public static TheoryData<string, string, string> Drafts => new()
    {
        { "data", Definition, """{"a":1,"a":2}""" },
        { "data", Definition, """{"a":{"b":[{"c":1,"c":2}]}}""" },
        { "data", Definition, """{"a":"x\u0000y"}""" },
        { "data", Definition, """{"a":"\ud800"}""" },
        { "data", Definition, """{"a":""" },
        { "definition", """{"channels":{"email":{"subject":"s","text":"t"},"email":{"subject":"s","text":"u"}}}""", "{}" },
        { "definition", """{"channels":{"email":{"subject":"s","text":"t\u0000"}}}""", "{}" },
    };

    [Theory]
    [MemberData(nameof(Drafts))]
    public async Task The_live_preview_names_what_is_wrong_with_the_draft(string field, string definition, string data)
    {
        var (client, token) = await SignedInAsync();

        using var response = await client.PostAsync("/console/templates/preview", Form(token, definition, data, action: null));

        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        var answer = JsonNode.Parse(body)!;
        answer["errors"]![field].ShouldNotBeNull(body);
        answer["preview"].ShouldBeNull();
    }

    [Theory]
    [MemberData(nameof(Drafts))]
    public async Task Saving_the_draft_without_a_script_shows_the_error_on_the_page_and_stores_nothing(string field, string definition, string data)
    {
        var (client, token) = await SignedInAsync();

        using var response = await client.PostAsync("/console/templates/welcome", Form(token, definition, data, action: "save"));

        var page = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBeLessThan(500, page);
        page.ShouldContain(field == "data" ? "Sample data is a JSON object" : "Not a template in JSON");
        (await service.Client().GetAsync("/v1/templates/welcome")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    /// <summary>A cookie-keeping client signed in to the console with the bootstrap key, and an antiforgery token for its session.</summary>
    private async Task<(HttpClient Client, string Token)> SignedInAsync()
    {
        var client = service.Client(null);
        var signIn = await client.GetStringAsync("/console/sign-in");
        using var signedIn = await client.PostAsync("/console/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in",
            ["__RequestVerificationToken"] = TokenIn(signIn),
            ["Key"] = TestService.BootstrapKey,
        }));
        signedIn.StatusCode.ShouldBe(HttpStatusCode.OK, await signedIn.Content.ReadAsStringAsync());
        // Tokens are bound to who is signed in: take a fresh one from the editor itself.
        return (client, TokenIn(await client.GetStringAsync("/console/templates/welcome")));
    }

    private static FormUrlEncodedContent Form(string token, string definition, string data, string? action)
    {
        var form = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["key"] = "welcome",
            ["definition"] = definition,
            ["data"] = data,
            ["locale"] = "",
        };
        if (action is not null)
        {
            form["_handler"] = "template";
            form["action"] = action;
        }
        return new FormUrlEncodedContent(form);
    }

    private static string TokenIn(string page)
    {
        var token = WebUtility.HtmlDecode(AntiforgeryField().Match(page).Groups[1].Value);
        token.ShouldNotBeEmpty("the page carries an antiforgery token");
        return token;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*?value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}

public sealed class TemplateEditorInputOnSqlite() : TemplateEditorInputTests(Engine.Sqlite);

public sealed class TemplateEditorInputOnPostgres() : TemplateEditorInputTests(Engine.Postgres);
