using System.Net;
using System.Net.Sockets;
using System.Text;
using MimeKit;

namespace Usheru.Notification.Api.Tests.Support;

/// <summary>
/// A hand-rolled SMTP server on 127.0.0.1 that speaks just enough SMTP for MailKit and can be
/// slow or silent, which <see cref="SmtpSink"/> cannot. It keeps a message the moment its data
/// ends and only then waits <see cref="ReplyDelay"/> before the 250, like a real server that has
/// taken the message but whose reply is lost when the sender dies: the window in which a crash
/// causes a duplicate.
/// <code>
/// await using var smtp = SlowSmtpServer.Start(silent: true);   // accepts connections, never says a word
/// smtp.Silent = false;                                         // new connections are served
/// smtp.ReplyDelay = TimeSpan.FromSeconds(1);                   // takes each message at once, confirms it a second later
/// </code>
/// </summary>
public sealed class SlowSmtpServer : IAsyncDisposable
{
    private static readonly Encoding Bytes = Encoding.Latin1;

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ReceivedLog<MimeMessage> _received = new("messages");
    private readonly List<Task> _sessions = [];
    private readonly Task _accepting;
    private long _replyDelayTicks;
    private int _silent;
    private int _connections;

    private SlowSmtpServer()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How long each message waits for its 250 after it has been kept. Applies to messages that end after the change.</summary>
    public TimeSpan ReplyDelay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _replyDelayTicks));
        set => Interlocked.Exchange(ref _replyDelayTicks, value.Ticks);
    }

    /// <summary>When set, new connections get no greeting and no reply, ever. Connections already talking carry on.</summary>
    public bool Silent
    {
        get => Volatile.Read(ref _silent) == 1;
        set => Volatile.Write(ref _silent, value ? 1 : 0);
    }

    /// <summary>How many connections clients have opened so far, silent ones included.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Every message kept so far, in arrival order, duplicates included.</summary>
    public IReadOnlyList<MimeMessage> Messages => _received.Snapshot();

    /// <summary><see cref="Messages"/>, each with when it was kept (a <see cref="System.Diagnostics.Stopwatch"/> timestamp).</summary>
    public IReadOnlyList<(MimeMessage Item, long At)> TimedMessages => _received.TimedSnapshot();

    public static SlowSmtpServer Start(TimeSpan replyDelay = default, bool silent = false) =>
        new() { ReplyDelay = replyDelay, Silent = silent };

    public Task<IReadOnlyList<MimeMessage>> WaitForMessagesAsync(int count, TimeSpan timeout) => _received.WaitForAsync(count, timeout);

    /// <summary>Stops at once, dropping open connections and replies still waiting.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Task[] sessions;
        lock (_sessions)
            sessions = [.. _sessions];
        await Task.WhenAll(sessions);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            Interlocked.Increment(ref _connections);
            lock (_sessions)
                _sessions.Add(ServeAsync(client, Silent));
        }
    }

    private async Task ServeAsync(TcpClient client, bool silent)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            if (silent)
            {
                // Hold the connection open and read nothing back to the client until it gives up.
                await stream.CopyToAsync(Stream.Null, _stop.Token);
                return;
            }
            using var reader = new StreamReader(stream, Bytes, detectEncodingFromByteOrderMarks: false);
            await using var writer = new StreamWriter(stream, Bytes) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 slow-smtp ESMTP ready");
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var verb = (line.Length >= 4 ? line[..4] : line).ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO" or "HELO":
                        await writer.WriteLineAsync("250 slow-smtp");
                        break;
                    case "MAIL" or "RCPT" or "RSET" or "NOOP":
                        await writer.WriteLineAsync("250 2.0.0 OK");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                        _received.Add(await ReadMessageAsync(reader));
                        await Task.Delay(ReplyDelay, _stop.Token);
                        await writer.WriteLineAsync("250 2.0.0 Kept");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 2.0.0 Bye");
                        return;
                    default:
                        await writer.WriteLineAsync("502 5.5.2 Not implemented");
                        break;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The sender died or hung up, or the server is stopping: either way the session is over.
        }
    }

    private async Task<MimeMessage> ReadMessageAsync(StreamReader reader)
    {
        var data = new StringBuilder();
        while (true)
        {
            // A message cut off by a dying sender never reached its end, so it is not kept.
            var line = await reader.ReadLineAsync(_stop.Token) ?? throw new IOException("The sender hung up inside DATA.");
            if (line == ".")
                break;
            // Undo the sender's dot-stuffing (RFC 5321 4.5.2).
            data.Append(line.StartsWith('.') ? line[1..] : line).Append("\r\n");
        }
        using var content = new MemoryStream(Bytes.GetBytes(data.ToString()));
        return await MimeMessage.LoadAsync(content, _stop.Token);
    }
}
