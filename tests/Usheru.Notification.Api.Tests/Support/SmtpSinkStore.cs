using System.Buffers;
using System.Collections.Concurrent;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Usheru.Notification.Api.Tests.Support;

/// <summary>Keeps what <see cref="SmtpSink"/> accepts, or answers with a queued reply instead.</summary>
internal sealed class SmtpSinkStore : MessageStore
{
    public ReceivedLog<MimeMessage> Received { get; } = new("messages");

    public ConcurrentQueue<SmtpResponse> Answers { get; } = new();

    public override async Task<SmtpResponse> SaveAsync(
        ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        if (Answers.TryDequeue(out var answer))
            return answer;

        using var stream = new MemoryStream(buffer.ToArray());
        Received.Add(await MimeMessage.LoadAsync(stream, cancellationToken));
        return SmtpResponse.Ok;
    }
}
