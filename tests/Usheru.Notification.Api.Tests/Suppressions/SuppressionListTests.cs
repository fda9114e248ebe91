using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Suppressions;

/// <summary>Operators see the suppression list and can take an address off it (scope <c>manage</c>).</summary>
public abstract class SuppressionListTests(Engine engine) : IAsyncLifetime
{
    private SesFedService fed = null!;

    private TestService service => fed.Service;
    private HttpClient client => fed.Client;

    public async Task InitializeAsync() => fed = await SesFedService.StartAsync(engine);

    public async Task DisposeAsync() => await fed.DisposeAsync();

    [Fact]
    public async Task Deleting_an_address_from_the_list_lets_email_reach_it_again()
    {
        await fed.BounceAsync("ann@example.com");

        var deleted = await client.DeleteAsync("/v1/suppressions/Ann@Example.com");

        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await client.GetJsonAsync("/v1/suppressions"))["items"]!.AsArray().ShouldBeEmpty();
        var next = await client.SendAsync(Requests.Email("ann@example.com"));
        ((string?)next["deliveries"]![0]!["status"]).ShouldBe("queued");
        await client.WaitForStatusAsync((string)next["id"]!, "completed");
    }

    [Fact]
    public async Task Deleting_an_address_that_is_not_listed_is_a_404_problem()
    {
        var response = await client.DeleteAsync("/v1/suppressions/nobody@example.com");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task The_list_is_paged_in_address_order()
    {
        foreach (var address in new[] { "carl@example.com", "ann@example.com", "bob@example.com" })
        {
            await fed.BounceAsync(address);
        }

        var first = await client.GetJsonAsync("/v1/suppressions?limit=2");
        var second = await client.GetJsonAsync($"/v1/suppressions?limit=2&cursor={first["nextCursor"]}");

        first["items"]!.AsArray().Select(i => (string?)i!["address"]).ShouldBe(["ann@example.com", "bob@example.com"]);
        second["items"]!.AsArray().Select(i => (string?)i!["address"]).ShouldBe(["carl@example.com"]);
        second["nextCursor"].ShouldBeNull();
    }

    [Fact]
    public async Task Reading_or_editing_the_list_needs_the_manage_scope()
    {
        var created = await client.PostAsJsonAsync("/v1/api-keys", new { name = "reader", scopes = new[] { "read", "send" } });
        var reader = service.Client((string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["key"]!);

        (await reader.GetAsync("/v1/suppressions")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await reader.DeleteAsync("/v1/suppressions/ann@example.com")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await service.Client(null).GetAsync("/v1/suppressions")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

}

public sealed class SuppressionListOnSqlite() : SuppressionListTests(Engine.Sqlite);

public sealed class SuppressionListOnPostgres() : SuppressionListTests(Engine.Postgres);
