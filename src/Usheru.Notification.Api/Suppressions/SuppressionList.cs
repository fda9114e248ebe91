using Dapper;
using Usheru.Notification.Api.Notifications;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Suppressions;

/// <summary>
/// The addresses that bounced permanently or complained. Every email delivery is checked against
/// it in the transaction that creates the delivery (<see cref="NotificationWriter"/> is the one
/// place deliveries are written, whether from a request, a topic fan-out or a workflow step), and
/// a listed address becomes a <c>suppressed</c> delivery carrying the reason. It is checked again
/// when the delivery is claimed (<see cref="Delivery.ClaimedNotifications"/>), so one scheduled or
/// retrying when its address was listed ends <c>suppressed</c> instead of being sent.
/// </summary>
internal static class SuppressionList
{
    /// <summary>
    /// <paramref name="deliveries"/> with every email to a listed address turned into a suppressed
    /// one; the same list when none is listed.
    /// </summary>
    public static async Task<IReadOnlyList<NewDelivery>> ApplyAsync(IStorageEngine engine, WriteScope scope, IReadOnlyList<NewDelivery> deliveries,
        CancellationToken cancellationToken)
    {
        var listed = await ListedAsync(engine, scope, deliveries.Where(d => d.Channel == "email" && !d.Ended).Select(d => d.To), cancellationToken);
        if (listed.Count == 0)
        {
            return deliveries;
        }
        return [.. deliveries.Select(d => d.Channel == "email" && !d.Ended && listed.TryGetValue(Suppression.Normalize(d.To), out var reason)
            ? d with { Content = "{}", SuppressedReason = Reason(reason) }
            : d)];
    }

    /// <summary>
    /// Which of <paramref name="addresses"/> are listed, by normalized address, with the reason:
    /// one lookup on the primary key per 1,000 or so addresses, none when there are none.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> ListedAsync(IStorageEngine engine, WriteScope scope, IEnumerable<string> addresses,
        CancellationToken cancellationToken)
    {
        var listed = new Dictionary<string, string>();
        foreach (var chunk in addresses.Select(Suppression.Normalize).Distinct().Chunk(MultiRowInsert.MaxParameters))
        {
            foreach (var (address, reason) in await scope.Connection.QueryAsync<(string, string)>(new CommandDefinition(
                $"SELECT address, reason FROM suppressions WHERE address {engine.InList("@chunk")}",
                new { chunk }, scope.Transaction, cancellationToken: cancellationToken)))
            {
                listed[address] = reason;
            }
        }
        return listed;
    }

    public static string Reason(string reason) => reason == Suppression.Complaint
        ? "address is on the suppression list: the recipient complained (marked a message as spam)"
        : "address is on the suppression list: an earlier email bounced permanently";

    /// <summary>Lists an address; a complaint is never replaced by a later bounce.</summary>
    public static Task AddAsync(WriteScope scope, string address, string reason, string? detail, string deliveryId, long now,
        CancellationToken cancellationToken) =>
        scope.Connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO suppressions (address, reason, detail, delivery_id, created_at) VALUES (@address, @reason, @detail, @deliveryId, @now)
            ON CONFLICT (address) DO UPDATE SET reason = excluded.reason, detail = excluded.detail, delivery_id = excluded.delivery_id
             WHERE suppressions.reason <> 'complaint'
            """, new { address = Suppression.Normalize(address), reason, detail = Shorten(detail), deliveryId, now },
            scope.Transaction, cancellationToken: cancellationToken));

    private static string? Shorten(string? detail) => detail is { Length: > 500 } ? detail[..500] : detail;
}
