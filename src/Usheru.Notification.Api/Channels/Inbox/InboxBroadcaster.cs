using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Usheru.Notification.Api.Channels.Inbox;

/// <summary>
/// Hands new inbox item ids to the Server-Sent Events streams open on this instance, per recipient.
/// An item announced twice (locally and back through the database) reaches a stream once.
/// </summary>
internal sealed class InboxBroadcaster
{
    private const int Remembered = 4096;
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Channel<string>, byte>> streams = new();
    private readonly ConcurrentQueue<string> recent = new();
    private readonly ConcurrentDictionary<string, byte> recentSet = new();

    public Subscription Subscribe(string recipientId)
    {
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });
        streams.GetOrAdd(recipientId, _ => new()).TryAdd(channel, 0);
        return new Subscription(channel.Reader, () =>
        {
            if (streams.TryGetValue(recipientId, out var open))
            {
                open.TryRemove(channel, out _);
            }
        });
    }

    public void Publish(string recipientId, string itemId)
    {
        if (!recentSet.TryAdd(itemId, 0))
        {
            return;
        }
        recent.Enqueue(itemId);
        while (recent.Count > Remembered && recent.TryDequeue(out var old))
        {
            recentSet.TryRemove(old, out _);
        }
        if (streams.TryGetValue(recipientId, out var open))
        {
            foreach (var channel in open.Keys)
            {
                channel.Writer.TryWrite(itemId);
            }
        }
    }

    /// <summary>An open stream's feed of item ids; dispose to close it.</summary>
    public sealed class Subscription(ChannelReader<string> items, Action close) : IDisposable
    {
        public ChannelReader<string> Items { get; } = items;

        public void Dispose() => close();
    }
}
