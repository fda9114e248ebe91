using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Usheru.Notification.Api.ApiKeys;
using Usheru.Notification.Api.Channels.WebPush;
using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Storage;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Channels.WebPush;

/// <summary><c>GET /v1/webpush/public-key</c>, served by an app holding only what the endpoint needs.</summary>
public abstract class WebPushPublicKeyTests(Engine engine) : IAsyncLifetime
{
    private readonly TestDatabase _database = new(engine);
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(_database.Settings);
        builder.AddStorage().AddApiKeyAuth().AddWebPushChannel();
        builder.Services.AddSingleton<WorkSignal>().AddProblemDetails();
        _app = builder.Build();
        _app.UseAuthentication();
        _app.UseAuthorization();
        _app.MapWebPush();
        await _app.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(_app.Urls.Single()) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _database.Dispose();
    }

    [Fact]
    public async Task Gives_a_key_with_the_read_scope_the_vapid_public_key_browsers_subscribe_with()
    {
        var key = await ApiKeyAsync(ApiKeyScopes.Read);

        var first = await GetAsync(key);
        var second = await GetAsync(key);

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        var publicKey = (string)(await first.Content.ReadFromJsonAsync<JsonObject>())!["publicKey"]!;
        publicKey.ShouldBe((await _app.Services.GetRequiredService<VapidKeyStore>().GetAsync(CancellationToken.None)).PublicKey);
        P256.IsPublicKey(Base64Url.DecodeFromChars(publicKey)).ShouldBeTrue();
        (await second.Content.ReadFromJsonAsync<JsonObject>())!["publicKey"]!.ToString().ShouldBe(publicKey);
    }

    [Fact]
    public async Task Refuses_a_request_without_an_api_key()
    {
        var response = await GetAsync(key: null);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Refuses_a_key_without_the_read_scope()
    {
        var response = await GetAsync(await ApiKeyAsync(ApiKeyScopes.Send));

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    private async Task<string> ApiKeyAsync(string scope) =>
        (await _app.Services.GetRequiredService<ApiKeyStore>().CreateAsync("web-app", [scope], CancellationToken.None)).Plaintext;

    private async Task<HttpResponseMessage> GetAsync(string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/webpush/public-key");
        if (key is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await _client.SendAsync(request);
    }
}

public sealed class WebPushPublicKeyOnSqlite() : WebPushPublicKeyTests(Engine.Sqlite);

public sealed class WebPushPublicKeyOnPostgres() : WebPushPublicKeyTests(Engine.Postgres);
