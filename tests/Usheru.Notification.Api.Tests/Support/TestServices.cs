using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Usheru.Notification.Api.Delivery;

namespace Usheru.Notification.Api.Tests.Support;

/// <summary>
/// A started host holding only what a feature's <c>AddXxx</c> registers, configured from memory:
/// for testing one feature without the whole app. Starting it runs options validation.
/// </summary>
internal sealed class TestServices : IAsyncDisposable
{
    private readonly IHost _host;

    private TestServices(IHost host)
    {
        _host = host;
    }

    public static async Task<TestServices> StartAsync(
        IDictionary<string, string?> configuration, Action<IHostApplicationBuilder> add, TimeProvider? time = null, string? environment = null)
    {
        // Without an environment the host is Production, as a service started with no settings is.
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = environment });
        builder.Configuration.AddInMemoryCollection(configuration);
        if (time is not null)
            builder.Services.AddSingleton(time);
        add(builder);
        var services = new TestServices(builder.Build());
        try
        {
            await services._host.StartAsync();
            return services;
        }
        catch
        {
            // Not DisposeAsync: stopping a host that never started would throw over the real error.
            await ((IAsyncDisposable)services._host).DisposeAsync();
            throw;
        }
    }

    public T Get<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    /// <summary>The registered channel a worker would pick for <paramref name="name"/>.</summary>
    public IChannel Channel(string name) => Get<IEnumerable<IChannel>>().Single(channel => channel.Name == name);

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        if (_host is IAsyncDisposable disposable)
            await disposable.DisposeAsync();
        else
            _host.Dispose();
    }
}
