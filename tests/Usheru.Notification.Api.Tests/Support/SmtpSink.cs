using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpProvider = SmtpServer.ComponentModel.ServiceProvider;

namespace Usheru.Notification.Api.Tests.Support;

/// <summary>
/// A real SMTP server on 127.0.0.1 that keeps every message it accepts.
/// <code>
/// await using var smtp = await SmtpSink.StartAsync();
/// // point Email:Smtp:Host at smtp.Host, Port at smtp.Port, Security at None
/// var messages = await smtp.WaitForMessagesAsync(1, TimeSpan.FromSeconds(10));
/// </code>
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly SmtpSinkStore _store;
    private readonly CancellationTokenSource _stop;
    private readonly Task _running;
    private int _sessions;

    private SmtpSink(SmtpSinkStore store, CancellationTokenSource stop, Task running, IPEndPoint endpoint)
    {
        (_store, _stop, _running) = (store, stop, running);
        (Host, Port) = (endpoint.Address.ToString(), endpoint.Port);
    }

    /// <summary>Where the sink listens: 127.0.0.1.</summary>
    public string Host { get; }

    public int Port { get; }

    /// <summary>The messages accepted so far, in arrival order.</summary>
    public IReadOnlyList<MimeMessage> Messages => _store.Received.Snapshot();

    /// <summary>How many SMTP connections clients have opened so far.</summary>
    public int Sessions => Volatile.Read(ref _sessions);

    /// <param name="port">0 for any free port.</param>
    /// <param name="requiredLogin">When given, clients must log in (AUTH PLAIN/LOGIN) with exactly this.</param>
    public static async Task<SmtpSink> StartAsync(int port = 0, NetworkCredential? requiredLogin = null)
    {
        var store = new SmtpSinkStore();
        var listeners = new EndpointListenerFactory();
        var bound = new TaskCompletionSource<IPEndPoint>(TaskCreationOptions.RunContinuationsAsynchronously);
        listeners.EndpointStarted += (_, e) => bound.TrySetResult((IPEndPoint)e.LocalEndPoint);

        var services = new SmtpProvider();
        services.Add(store);
        services.Add(listeners);
        if (requiredLogin is not null)
            services.Add(new DelegatingUserAuthenticator((user, password) =>
                user == requiredLogin.UserName && password == requiredLogin.Password));

        var options = new SmtpServerOptionsBuilder()
            .ServerName("smtp-sink")
            .Endpoint(endpoint => endpoint
                .Endpoint(new IPEndPoint(IPAddress.Loopback, port))
                .AuthenticationRequired(requiredLogin is not null)
                .AllowUnsecureAuthentication(requiredLogin is not null))
            .Build();
        var server = new SmtpServer.SmtpServer(options, services);
        var stop = new CancellationTokenSource();
        var running = server.StartAsync(stop.Token);
        if (await Task.WhenAny(bound.Task, running) == running)
            await running; // it failed to listen: let the test see why

        var sink = new SmtpSink(store, stop, running, await bound.Task);
        server.SessionCreated += (_, _) => Interlocked.Increment(ref sink._sessions);
        return sink;
    }

    /// <summary>Answers the next message with this reply (451, 550, …) instead of accepting it.</summary>
    public void AnswerNext(int code, string text) => _store.Answers.Enqueue(new SmtpResponse((SmtpReplyCode)code, text));

    public Task<IReadOnlyList<MimeMessage>> WaitForMessagesAsync(int count, TimeSpan timeout) =>
        _store.Received.WaitForAsync(count, timeout);

    /// <summary>Stops at once, dropping open connections.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}
