using Microsoft.Extensions.DependencyInjection;

namespace Usheru.Notification.Client.Tests.Support;

/// <summary>
/// The real service on Kestrel (<see cref="TestService"/>) and clients built the way a calling
/// service builds them, through <c>AddNotificationClient</c>: with the resilience handler.
/// </summary>
public sealed class ServiceAndClient : IDisposable
{
    private readonly List<ServiceProvider> providers = [];

    public ServiceAndClient()
        : this(new TestService())
    {
    }

    /// <summary>Clients of a service started with settings of its own.</summary>
    internal ServiceAndClient(TestService service)
    {
        Service = service;
        using var http = service.CreateClient();
        BaseAddress = http.BaseAddress!;
        Client = ClientWith(TestService.BootstrapKey);
    }

    public TestService Service { get; }

    /// <summary>Where the service listens, as a calling service would configure it.</summary>
    public Uri BaseAddress { get; }

    /// <summary>A client with the bootstrap key, which has every scope.</summary>
    public INotificationClient Client { get; }

    /// <summary>A client with <paramref name="apiKey"/>; <paramref name="build"/> may add handlers to its HttpClient.</summary>
    public INotificationClient ClientWith(string apiKey, Action<IHttpClientBuilder>? build = null)
    {
        var services = new ServiceCollection();
        var builder = services.AddNotificationClient(o =>
        {
            o.BaseAddress = BaseAddress;
            o.ApiKey = apiKey;
        });
        build?.Invoke(builder);
        var provider = services.BuildServiceProvider();
        providers.Add(provider);
        return provider.GetRequiredService<INotificationClient>();
    }

    /// <summary>Waits until the notification reaches <paramref name="status"/>, through the client.</summary>
    public Task<NotificationDetails?> WaitForStatusAsync(string notificationId, string status) =>
        Eventually.GetAsync(() => Client.GetNotificationAsync(notificationId), n => n?.Status == status, what: $"notification {notificationId} to be {status}");

    /// <summary>Waits until the only run of a workflow trigger satisfies <paramref name="done"/>, through the client.</summary>
    public Task<RunDetails> WaitForRunAsync(string notificationId, Func<RunDetails, bool> done, string what) =>
        Eventually.GetAsync(() => Client.ListRunsAsync(notificationId).SingleAsync().AsTask(), done, what: $"the run of {notificationId} {what}");

    public void Dispose()
    {
        foreach (var provider in providers)
        {
            provider.Dispose();
        }
        Service.Dispose();
    }
}
