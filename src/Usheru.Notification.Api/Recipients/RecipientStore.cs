using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Usheru.Notification.Api.Notifications;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Recipients;

/// <summary>Recipients and their preferences; erasure removes a person's data for good.</summary>
internal sealed class RecipientStore(IStorageEngine engine, TimeProvider time)
{
    private const string Columns = "id, email, phone, name, locale, timezone, data, preferences, created_at, updated_at";

    /// <summary>Creates or replaces the recipient's details (not their preferences); true when created.</summary>
    public async Task<(Recipient Recipient, bool Created)> UpsertAsync(string id, RecipientDetails details, CancellationToken cancellationToken)
    {
        var now = time.Now();
        await using var scope = await engine.BeginWriteAsync(cancellationToken);
        var inserted = await scope.Connection.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO recipients ({Columns}) VALUES (@id, @Email, @Phone, @Name, @Locale, @Timezone, @data, @preferences, @now, @now)
            ON CONFLICT (id) DO NOTHING
            """, Args(id, details, now), scope.Transaction, cancellationToken: cancellationToken));
        if (inserted == 0)
        {
            await scope.Connection.ExecuteAsync(new CommandDefinition("""
                UPDATE recipients SET email = @Email, phone = @Phone, name = @Name, locale = @Locale, timezone = @Timezone,
                       data = @data, updated_at = @now WHERE id = @id
                """, Args(id, details, now), scope.Transaction, cancellationToken: cancellationToken));
        }
        var recipient = await GetAsync(scope, id, cancellationToken);
        await scope.CommitAsync(cancellationToken);
        return (recipient!, inserted == 1);
    }

    /// <summary>
    /// Creates or updates every recipient in one transaction (preferences of existing ones stay as
    /// they are): all are written or none. Ids must be distinct. Returns how many were created and updated.
    /// </summary>
    public async Task<(int Created, int Updated)> UpsertManyAsync(IReadOnlyList<(string Id, RecipientDetails Details)> recipients,
        CancellationToken cancellationToken)
    {
        var now = time.Now();
        var none = StoredJson.Serialize(Preferences.None);
        await using var scope = await engine.BeginWriteAsync(cancellationToken);
        var existing = (await scope.Connection.QueryAsync<string>(new CommandDefinition(
            $"SELECT id FROM recipients WHERE id {engine.InList("@ids")} {engine.RowLockClause}",
            new { ids = recipients.Select(r => r.Id).ToArray() }, scope.Transaction, cancellationToken: cancellationToken))).Count();
        await MultiRowInsert.ExecuteAsync(scope, "recipients", Columns.Split(", "),
            [.. recipients.Select(r => new object?[]
            {
                r.Id, r.Details.Email, r.Details.Phone, r.Details.Name, r.Details.Locale, r.Details.Timezone,
                (r.Details.Data ?? []).ToJsonString(), none, now, now,
            })],
            cancellationToken, """
            ON CONFLICT (id) DO UPDATE SET email = excluded.email, phone = excluded.phone, name = excluded.name, locale = excluded.locale,
                timezone = excluded.timezone, data = excluded.data, updated_at = excluded.updated_at
            """);
        await scope.CommitAsync(cancellationToken);
        return (recipients.Count - existing, existing);
    }

    /// <summary>Recipients whose id, email address or phone number is <paramref name="query"/>, or whose id starts with it.</summary>
    public async Task<IReadOnlyList<Recipient>> FindAsync(string query, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await engine.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition($"""
            SELECT {Columns} FROM recipients
             WHERE id = @query OR email = @query OR phone = @query OR (id >= @query AND id < @upper)
             ORDER BY id LIMIT @limit
            """, new { query, upper = query + "\uffff", limit }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToRecipient())];
    }

    public async Task<Recipient?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await engine.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM recipients WHERE id = @id", new { id }, cancellationToken: cancellationToken));
        return row?.ToRecipient();
    }

    /// <summary>The recipients among <paramref name="ids"/> that exist, by id.</summary>
    public async Task<IReadOnlyDictionary<string, Recipient>> GetManyAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return new Dictionary<string, Recipient>();
        }
        await using var connection = await engine.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM recipients WHERE id {engine.InList("@ids")}", new { ids = ids.ToArray() }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToRecipient()).ToDictionary(r => r.Id);
    }

    /// <summary>The push subscription ids of each of <paramref name="recipientIds"/> that has any.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> PushSubscriptionsAsync(IReadOnlyCollection<string> recipientIds, CancellationToken cancellationToken)
    {
        if (recipientIds.Count == 0)
        {
            return new Dictionary<string, IReadOnlyList<string>>();
        }
        await using var connection = await engine.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string RecipientId, string Id)>(new CommandDefinition(
            $"SELECT recipient_id, id FROM push_subscriptions WHERE recipient_id {engine.InList("@ids")} ORDER BY id",
            new { ids = recipientIds.ToArray() }, cancellationToken: cancellationToken));
        return rows.GroupBy(r => r.RecipientId).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(r => r.Id)]);
    }

    /// <summary>Replaces the recipient's preferences; null when there is no such recipient.</summary>
    public async Task<Recipient?> SetPreferencesAsync(string id, Preferences preferences, CancellationToken cancellationToken)
    {
        await using var scope = await engine.BeginWriteAsync(cancellationToken);
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE recipients SET preferences = @preferences, updated_at = @now WHERE id = @id",
            new { id, preferences = StoredJson.Serialize(preferences), now = time.Now() }, scope.Transaction, cancellationToken: cancellationToken));
        var recipient = await GetAsync(scope, id, cancellationToken);
        await scope.CommitAsync(cancellationToken);
        return recipient;
    }

    /// <summary>Opts the recipient out of a category (an unsubscribe link); nothing happens for an erased recipient.</summary>
    public async Task OptOutAsync(string id, string category, CancellationToken cancellationToken)
    {
        await using var scope = await engine.BeginWriteAsync(cancellationToken);
        if (await GetAsync(scope, id, cancellationToken) is { } recipient)
        {
            var categories = new Dictionary<string, bool>(recipient.Preferences.Categories) { [category] = false };
            await scope.Connection.ExecuteAsync(new CommandDefinition(
                "UPDATE recipients SET preferences = @preferences, updated_at = @now WHERE id = @id",
                new { id, preferences = StoredJson.Serialize(recipient.Preferences with { Categories = categories }), now = time.Now() },
                scope.Transaction, cancellationToken: cancellationToken));
        }
        await scope.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// GDPR erasure: cancels the person's workflow runs and pending deliveries, strips their address and content from
    /// every delivery, deletes the recipient (with push subscriptions and inbox), and keeps an audit
    /// entry that names them only by a hash. False when there is no such recipient.
    /// </summary>
    public async Task<bool> EraseAsync(string id, CancellationToken cancellationToken)
    {
        await using var scope = await engine.BeginWriteAsync(cancellationToken);
        var args = new { id, now = time.Now() };
        await Workflows.RunErasure.EraseAsync(engine, scope, id, args.now, cancellationToken);
        var notificationIds = (await scope.Connection.QueryAsync<string>(new CommandDefinition(
            "SELECT DISTINCT notification_id FROM deliveries WHERE recipient_id = @id", args, scope.Transaction, cancellationToken: cancellationToken))).ToList();
        await scope.Connection.ExecuteAsync(new CommandDefinition("""
            UPDATE deliveries SET status = CASE WHEN status IN ('queued', 'scheduled', 'retrying') THEN 'cancelled' ELSE status END,
                   recipient = 'erased', content = '{}', last_error = NULL, recipient_id = NULL
             WHERE recipient_id = @id
            """, args, scope.Transaction, cancellationToken: cancellationToken));
        var deleted = await scope.Connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM recipients WHERE id = @id", args, scope.Transaction, cancellationToken: cancellationToken));
        if (deleted == 1)
        {
            await scope.Connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO audit_log (id, action, subject, created_at) VALUES (@auditId, 'recipient.erased', @subject, @now)",
                new { auditId = Ids.New(Ids.AuditEntry), subject = SubjectHash(id), args.now }, scope.Transaction, cancellationToken: cancellationToken));
        }
        await NotificationStatus.RefreshAsync(engine, scope, notificationIds, args.now, cancellationToken);
        await scope.CommitAsync(cancellationToken);
        return deleted == 1;
    }

    /// <summary>How the audit log names an erased person: enough to answer "was X erased?", nothing more.</summary>
    public static string SubjectHash(string id) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));

    private static async Task<Recipient?> GetAsync(WriteScope scope, string id, CancellationToken cancellationToken) =>
        (await scope.Connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM recipients WHERE id = @id", new { id }, scope.Transaction, cancellationToken: cancellationToken)))?.ToRecipient();

    private static object Args(string id, RecipientDetails d, long now) => new
    {
        id, d.Email, d.Phone, d.Name, d.Locale, d.Timezone, now,
        data = (d.Data ?? []).ToJsonString(),
        preferences = StoredJson.Serialize(Preferences.None),
    };

    private sealed class Row
    {
        public string Id { get; init; } = "";
        public string? Email { get; init; }
        public string? Phone { get; init; }
        public string? Name { get; init; }
        public string? Locale { get; init; }
        public string? Timezone { get; init; }
        public string Data { get; init; } = "{}";
        public string Preferences { get; init; } = "{}";
        public long CreatedAt { get; init; }
        public long UpdatedAt { get; init; }

        public Recipient ToRecipient() => new(Id, Email, Phone, Name, Locale, Timezone, JsonNode.Parse(Data)!.AsObject(),
            StoredJson.Deserialize<Preferences>(Preferences), UnixTime.FromUnixMs(CreatedAt), UnixTime.FromUnixMs(UpdatedAt));
    }
}
