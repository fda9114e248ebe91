using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;

namespace Usheru.Notification.Bench.Sinks;

/// <summary>
/// One SMTP connection: EHLO (with PIPELINING), DATA and QUIT are understood, and every other
/// command is simply accepted; the replies to all commands in one read go back in one write, as pipelining wants.
/// </summary>
internal sealed class SmtpSinkSession(Socket socket, Arrivals arrivals)
{
    private static readonly byte[] Greeting = "220 sink ESMTP\r\n"u8.ToArray();
    private static readonly byte[] DeliveryIdHeader = "X-Delivery-Id:"u8.ToArray();
    private readonly ArrayBufferWriter<byte> replies = new(256);
    private readonly byte[] deliveryId = new byte[64];
    private int deliveryIdLength;
    private Mode mode;

    private enum Mode { Command, Headers, Body }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        socket.NoDelay = true;
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        var reader = PipeReader.Create(stream);
        try
        {
            await stream.WriteAsync(Greeting, cancellationToken);
            var open = true;
            while (open)
            {
                var read = await reader.ReadAsync(cancellationToken);
                var buffer = read.Buffer;
                while (open && TryReadLine(ref buffer, out var line))
                {
                    open = Handle(line.IsSingleSegment ? line.FirstSpan : (ReadOnlySpan<byte>)line.ToArray());
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (replies.WrittenCount > 0)
                {
                    await stream.WriteAsync(replies.WrittenMemory, cancellationToken);
                    replies.ResetWrittenCount();
                }
                open &= !read.IsCompleted;
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            // The client went away or the sink is stopping.
        }
        await reader.CompleteAsync();
    }

    /// <returns>False once the client said QUIT.</returns>
    private bool Handle(ReadOnlySpan<byte> line)
    {
        switch (mode)
        {
            case Mode.Headers when line.IsEmpty:
                mode = Mode.Body;
                return true;
            case Mode.Headers when StartsWith(line, DeliveryIdHeader):
                var id = line[DeliveryIdHeader.Length..].Trim((byte)' ');
                deliveryIdLength = Math.Min(id.Length, deliveryId.Length);
                id[..deliveryIdLength].CopyTo(deliveryId);
                return true;
            case Mode.Headers or Mode.Body when line.SequenceEqual("."u8):
                arrivals.Record(deliveryId.AsSpan(0, deliveryIdLength));
                mode = Mode.Command;
                Reply("250 2.0.0 OK\r\n"u8);
                return true;
            case Mode.Headers or Mode.Body:
                return true;
        }
        if (StartsWith(line, "EHLO"u8))
        {
            Reply("250-sink\r\n250-PIPELINING\r\n250 8BITMIME\r\n"u8);
        }
        else if (StartsWith(line, "DATA"u8))
        {
            mode = Mode.Headers;
            deliveryIdLength = 0;
            Reply("354 go ahead\r\n"u8);
        }
        else if (StartsWith(line, "QUIT"u8))
        {
            Reply("221 bye\r\n"u8);
            return false;
        }
        else
        {
            // HELO, MAIL, RCPT, RSET, NOOP: all fine by this sink.
            Reply("250 OK\r\n"u8);
        }
        return true;
    }

    private void Reply(ReadOnlySpan<byte> text) => replies.Write(text);

    private static bool TryReadLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (reader.TryReadTo(out line, "\r\n"u8))
        {
            buffer = buffer.Slice(reader.Position);
            return true;
        }
        return false;
    }

    private static bool StartsWith(ReadOnlySpan<byte> line, ReadOnlySpan<byte> prefix) =>
        line.Length >= prefix.Length && Ascii.EqualsIgnoreCase(line[..prefix.Length], prefix);
}
