using System.Buffers.Text;
using Dapper;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Channels.WebPush;

/// <summary>Recipients' push subscriptions: one per recipient and push endpoint.</summary>
internal sealed class PushSubscriptionStore(IStorageEngine engine, TimeProvider time)
{
    public const int MaxEndpointLength = 2000;
    private const int AuthSecretLength = 16;
    private const string Columns = "id, recipient_id, endpoint, p256dh, auth, created_at";

    /// <summary>
    /// What is wrong with a subscription as a browser's <c>PushSubscription.toJSON()</c> gives it,
    /// by field (<c>endpoint</c>, <c>keys.p256dh</c>, <c>keys.auth</c>); empty when it can be added.
    /// </summary>
    public static Dictionary<string, string[]> Validate(string? endpoint, string? p256dh, string? auth)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http") || endpoint.Length > MaxEndpointLength)
            errors["endpoint"] = ["Give the push service's absolute https URL from the browser's subscription."];
        if (Decode(p256dh) is not { } publicKey || !P256.IsPublicKey(publicKey))
            errors["keys.p256dh"] = ["Give the subscription's P-256 public key: 65 bytes, uncompressed, base64url."];
        if (Decode(auth) is not { Length: AuthSecretLength })
            errors["keys.auth"] = ["Give the subscription's 16-byte auth secret, base64url."];
        return errors;
    }

    /// <returns>
    /// The subscription's id: a new one, or, when the recipient already has this endpoint, that
    /// subscription's, with its keys replaced. Null when there is no such recipient.
    /// </returns>
    /// <exception cref="ArgumentException">The subscription fails <see cref="Validate"/>.</exception>
    public async Task<string?> AddAsync(string recipientId, string endpoint, string p256dh, string auth, CancellationToken cancellationToken)
    {
        if (Validate(endpoint, p256dh, auth) is { Count: > 0 } errors)
            throw new ArgumentException($"Not a usable push subscription: {string.Join(", ", errors.Keys)}.");
        await using var scope = await engine.BeginWriteAsync(cancellationToken);
        var id = await scope.Connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            """
            INSERT INTO push_subscriptions (id, recipient_id, endpoint, p256dh, auth, created_at)
            SELECT @id, @recipientId, @endpoint, @p256dh, @auth, @now WHERE EXISTS (SELECT 1 FROM recipients WHERE id = @recipientId)
            ON CONFLICT (recipient_id, endpoint) DO UPDATE SET p256dh = excluded.p256dh, auth = excluded.auth
            RETURNING id
            """,
            new { id = Ids.New(Ids.PushSubscription), recipientId, endpoint, p256dh, auth, now = time.Now() },
            scope.Transaction, cancellationToken: cancellationToken));
        await scope.CommitAsync(cancellationToken);
        return id;
    }

    public async Task<PushSubscription?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await engine.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM push_subscriptions WHERE id = @id", new { id }, cancellationToken: cancellationToken));
        return row?.ToSubscription();
    }

    /// <summary>The recipient's subscriptions, oldest first.</summary>
    public async Task<IReadOnlyList<PushSubscription>> ListForRecipientAsync(string recipientId, CancellationToken cancellationToken)
    {
        await using var connection = await engine.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM push_subscriptions WHERE recipient_id = @recipientId ORDER BY id",
            new { recipientId }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToSubscription())];
    }

    /// <returns>False when there was no such subscription.</returns>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await using var scope = await engine.BeginWriteAsync(cancellationToken);
        var deleted = await scope.Connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM push_subscriptions WHERE id = @id", new { id }, scope.Transaction, cancellationToken: cancellationToken));
        await scope.CommitAsync(cancellationToken);
        return deleted == 1;
    }

    private static byte[]? Decode(string? base64Url)
    {
        try
        {
            return string.IsNullOrEmpty(base64Url) ? null : Base64Url.DecodeFromChars(base64Url);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private sealed class Row
    {
        public string Id { get; init; } = "";
        public string RecipientId { get; init; } = "";
        public string Endpoint { get; init; } = "";
        public string P256dh { get; init; } = "";
        public string Auth { get; init; } = "";
        public long CreatedAt { get; init; }

        public PushSubscription ToSubscription() => new(Id, RecipientId, Endpoint, P256dh, Auth, UnixTime.FromUnixMs(CreatedAt));
    }
}
