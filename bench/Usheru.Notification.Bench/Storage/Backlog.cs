using System.Globalization;

namespace Usheru.Notification.Bench.Storage;

/// <summary>
/// Queued deliveries to write straight into the service's tables while it is stopped: one
/// notification per delivery, as a transactional send to one address makes. Ids keep the
/// service's shape (prefix, 32 hex digits, time-sortable) without being stored: a time-ordered
/// stem plus the row number, so a million rows cost the harness no memory.
/// </summary>
internal sealed record Backlog(int Count, string Channel, string Recipient, string ContentJson) : IBacklog
{
    private readonly string stem = Guid.CreateVersion7().ToString("N")[..20];
    private readonly long createdAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public static Backlog Email(int count) => new(count, "email", "ann@example.com",
        """{"subject":"Tickets for Dune","text":"Hi Ann, tickets for Dune are on sale.","html":null,"toName":null}""");

    public static Backlog Webhook(int count, string endpointId) => new(count, "webhook", endpointId,
        """{"payload":{"film":"Dune","event":"tickets-on-sale"}}""");

    public IReadOnlyList<BacklogTable> Tables =>
    [
        new("notifications", ["id", "api_key_id", "status", "category", "data", "metadata", "created_at"],
            row => [Id("ntf", row), "bootstrap", "accepted", "transactional", "{}", "{}", createdAt]),
        new("deliveries", ["id", "notification_id", "channel", "recipient", "content", "status", "due_at"],
            row => [Id("dlv", row), Id("ntf", row), Channel, Recipient, ContentJson, "queued", createdAt]),
    ];

    private string Id(string prefix, int row) => string.Create(CultureInfo.InvariantCulture, $"{prefix}_{stem}{row:x12}");
}
