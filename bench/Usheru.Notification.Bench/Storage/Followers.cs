using System.Globalization;

namespace Usheru.Notification.Bench.Storage;

/// <summary>
/// <see cref="Count"/> recipients with an email address, all following one topic (which the service
/// must have created): what a film's fans are when its tickets go on sale.
/// </summary>
internal sealed record Followers(int Count, string TopicKey) : IBacklog
{
    private readonly long createdAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public IReadOnlyList<BacklogTable> Tables =>
    [
        new("recipients", ["id", "email", "name", "data", "preferences", "created_at", "updated_at"],
            row => [Id(row), $"{Id(row)}@example.com", "Fan", "{}", """{"channels":{},"categories":{}}""", createdAt, createdAt]),
        new("topic_subscribers", ["topic_key", "recipient_id", "created_at"], row => [TopicKey, Id(row), createdAt]),
    ];

    private static string Id(int row) => string.Create(CultureInfo.InvariantCulture, $"fan-{row:d7}");
}
