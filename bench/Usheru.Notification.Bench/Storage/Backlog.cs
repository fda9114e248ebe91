using System.Globalization;

namespace Usheru.Notification.Bench.Storage;

/// <summary>
/// Queued deliveries to write straight into the service's tables while it is stopped: one
/// notification per delivery, as a send to one address makes, transactional unless it says marketing. Ids keep the
/// service's shape (prefix, 32 hex digits, time-sortable) without being stored: a time-ordered
/// stem plus the row number, so a million rows cost the harness no memory.
/// </summary>
internal sealed record Backlog(int Count, string Channel, string Recipient, string ContentJson, string Category = "transactional") : IBacklog
{
    private readonly string stem = Guid.CreateVersion7().ToString("N")[..20];
    private readonly long createdAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public static Backlog Email(int count) => new(count, "email", "ann@example.com",
        """{"subject":"Tickets for Dune","text":"Hi Ann, tickets for Dune are on sale.","html":null,"toName":null}""");

    /// <summary>An on-sale wave: marketing emails, in the marketing lane.</summary>
    public static Backlog MarketingEmail(int count) => Email(count) with { Category = "marketing" };

    public static Backlog Webhook(int count, string endpointId) => new(count, "webhook", endpointId,
        """{"payload":{"film":"Dune","event":"tickets-on-sale"}}""");

    public IReadOnlyList<BacklogTable> Tables =>
    [
        new("notifications", ["id", "api_key_id", "status", "category", "data", "metadata", "created_at"],
            row => [Id("ntf", row), "bootstrap", "accepted", Category, "{}", "{}", createdAt]),
        new("deliveries", ["id", "notification_id", "channel", "recipient", "content", "status", "due_at", "lane"],
            row => [Id("dlv", row), Id("ntf", row), Channel, Recipient, ContentJson, "queued", createdAt, Lane]),
    ];

    /// <summary>The delivery's lane column, as the service sets it from the category: 0 transactional, 1 marketing.</summary>
    private int Lane => Category == "marketing" ? 1 : 0;

    private string Id(string prefix, int row) => string.Create(CultureInfo.InvariantCulture, $"{prefix}_{stem}{row:x12}");
}
