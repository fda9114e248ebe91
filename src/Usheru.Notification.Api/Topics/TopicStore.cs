using Dapper;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Topics;

/// <summary>Topics and their subscribers, paged and changed in bulk, never loaded whole.</summary>
internal sealed class TopicStore(IStorageEngine engine, TimeProvider time)
{
    public const int MaxSubscribersPerCall = 1000;

    /// <summary>Creates the topic or renames it; true when created.</summary>
    public async Task<(Topic Topic, bool Created)> PutAsync(string key, string? name, CancellationToken cancellationToken)
    {
        await using var scope = await engine.BeginWriteAsync(cancellationToken);
        var created = await scope.Connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO topics (topic_key, name, created_at) VALUES (@key, @name, @now) ON CONFLICT (topic_key) DO NOTHING",
            new { key, name, now = time.Now() }, scope.Transaction, cancellationToken: cancellationToken)) == 1;
        if (!created)
        {
            await scope.Connection.ExecuteAsync(new CommandDefinition(
                "UPDATE topics SET name = @name WHERE topic_key = @key", new { key, name }, scope.Transaction, cancellationToken: cancellationToken));
        }
        var topic = await scope.Connection.QuerySingleAsync<Row>(new CommandDefinition(
            "SELECT topic_key, name, created_at FROM topics WHERE topic_key = @key", new { key }, scope.Transaction, cancellationToken: cancellationToken));
        await scope.CommitAsync(cancellationToken);
        return (topic.ToTopic(), created);
    }

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await engine.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM topics WHERE topic_key = @key", new { key }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>The keys among <paramref name="keys"/> that name no topic.</summary>
    public async Task<IReadOnlyList<string>> UnknownAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return [];
        }
        await using var connection = await engine.OpenAsync(cancellationToken);
        var known = (await connection.QueryAsync<string>(new CommandDefinition(
            $"SELECT topic_key FROM topics WHERE topic_key {engine.InList("@keys")}", new { keys = keys.ToArray() }, cancellationToken: cancellationToken))).ToHashSet();
        return [.. keys.Where(k => !known.Contains(k))];
    }

    /// <summary>Subscribes the recipients (already subscribed ones stay as they are); how many were new.</summary>
    public async Task<int> SubscribeAsync(string key, IReadOnlyList<string> recipientIds, CancellationToken cancellationToken)
    {
        var now = time.Now();
        await using var scope = await engine.BeginWriteAsync(cancellationToken);
        var added = await MultiRowInsert.ExecuteAsync(scope, "topic_subscribers", ["topic_key", "recipient_id", "created_at"],
            [.. recipientIds.Distinct().Select(id => new object?[] { key, id, now })], cancellationToken, "ON CONFLICT DO NOTHING");
        await scope.CommitAsync(cancellationToken);
        return added;
    }

    public async Task<bool> UnsubscribeAsync(string key, string recipientId, CancellationToken cancellationToken)
    {
        await using var scope = await engine.BeginWriteAsync(cancellationToken);
        var removed = await scope.Connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM topic_subscribers WHERE topic_key = @key AND recipient_id = @recipientId",
            new { key, recipientId }, scope.Transaction, cancellationToken: cancellationToken));
        await scope.CommitAsync(cancellationToken);
        return removed == 1;
    }

    public async Task<(IReadOnlyList<TopicSubscriber> Items, string? Last)> SubscribersAsync(string key, string? after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await engine.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<(string RecipientId, long CreatedAt)>(new CommandDefinition($"""
            SELECT recipient_id, created_at FROM topic_subscribers
             WHERE topic_key = @key{(after is null ? "" : " AND recipient_id > @after")} ORDER BY recipient_id LIMIT @take
            """, new { key, after, take = limit + 1 }, cancellationToken: cancellationToken))).AsList();
        var page = rows.Take(limit).Select(r => new TopicSubscriber(r.RecipientId, UnixTime.FromUnixMs(r.CreatedAt))).ToList();
        return (page, rows.Count > limit ? page[^1].RecipientId : null);
    }

    /// <summary>Topics by key with how many follow each.</summary>
    public async Task<IReadOnlyList<(Topic Topic, long Subscribers)>> ListAsync(string? after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await engine.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Key, string? Name, long CreatedAt, long Subscribers)>(new CommandDefinition($"""
            SELECT t.topic_key, t.name, t.created_at, (SELECT COUNT(*) FROM topic_subscribers s WHERE s.topic_key = t.topic_key)
              FROM topics t{(after is null ? "" : " WHERE t.topic_key > @after")} ORDER BY t.topic_key LIMIT @limit
            """, new { after, limit }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => (new Topic(r.Key, r.Name, UnixTime.FromUnixMs(r.CreatedAt)), r.Subscribers))];
    }

    /// <summary>The topics a recipient follows.</summary>
    public async Task<IReadOnlyList<string>> FollowedByAsync(string recipientId, CancellationToken cancellationToken)
    {
        await using var connection = await engine.OpenAsync(cancellationToken);
        return [.. await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT topic_key FROM topic_subscribers WHERE recipient_id = @recipientId ORDER BY topic_key LIMIT 100", new { recipientId }, cancellationToken: cancellationToken))];
    }

    private sealed class Row
    {
        public string TopicKey { get; init; } = "";
        public string? Name { get; init; }
        public long CreatedAt { get; init; }

        public Topic ToTopic() => new(TopicKey, Name, UnixTime.FromUnixMs(CreatedAt));
    }
}

internal sealed record Topic(string Key, string? Name, DateTimeOffset CreatedAt);

internal sealed record TopicSubscriber(string RecipientId, DateTimeOffset CreatedAt);
