using Dapper;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Delivery;

/// <summary>
/// The claim on one capped channel, inside the claim's transaction: lock the channel's bucket,
/// take its transactional deliveries for as many tokens as it holds, then marketing ones for all
/// but the reserve token, give each the paced time of its token, and move the bucket on by what was
/// taken. What is held back for want of tokens is reported with the time the bucket will hold
/// enough again, for the worker to sleep until.
/// </summary>
internal static class CappedClaim
{
    public static async Task<List<ClaimRow>> ClaimAsync(IStorageEngine engine, WriteScope scope, ChannelRate rate, ClaimLease lease, int room,
        List<HeldBack> heldBack, TimeProvider time, CancellationToken cancellationToken)
    {
        var emptyAt = await ChannelBuckets.LockAsync(engine, scope, rate.Channel, cancellationToken);
        // Read after the lock: another instance's claim may have held it a while, and send times count from now.
        var now = time.GetUtcNow().ToUnixMicros();
        var tokens = rate.TokensAt(emptyAt, now);
        var rows = await ClaimLaneAsync(engine, scope, rate.Channel, DeliveryLane.Transactional, Math.Min(room, tokens), lease, cancellationToken);
        var transactional = rows.Count;
        var marketingLimit = Math.Min(room - transactional, tokens - transactional - ChannelRate.Reserve);
        var marketing = await ClaimLaneAsync(engine, scope, rate.Channel, DeliveryLane.Marketing, marketingLimit, lease, cancellationToken);
        rows.AddRange(marketing);
        if (rows.Count > 0)
        {
            // Transactional rows first: they get the earliest of the tokens taken.
            foreach (var (row, slot) in rows.Zip(rate.Slots(emptyAt, now, rows.Count)))
            {
                row.NotBefore = UnixTime.FromUnixMicros(slot);
            }
            emptyAt = rate.Take(emptyAt, now, rows.Count);
            await ChannelBuckets.StoreAsync(scope, rate.Channel, emptyAt, cancellationToken);
        }
        // A lane is held back when the bucket, not the room in this claim, stopped it and it may have
        // more due: the worker need not look again before the bucket refills.
        if (tokens <= room && transactional == tokens)
        {
            heldBack.Add(new HeldBack(rate.Channel, DeliveryLane.Transactional, UnixTime.FromUnixMicros(rate.WhenHolding(emptyAt, 1))));
        }
        if (tokens - ChannelRate.Reserve <= room && marketing.Count == Math.Max(0, marketingLimit))
        {
            // Marketing waits for a full bucket, then takes all but the reserve: a batch, not a claim per token.
            heldBack.Add(new HeldBack(rate.Channel, DeliveryLane.Marketing, UnixTime.FromUnixMicros(rate.WhenHolding(emptyAt, rate.Capacity))));
        }
        return rows;
    }

    private static async Task<List<ClaimRow>> ClaimLaneAsync(IStorageEngine engine, WriteScope scope, string channel, DeliveryLane lane, int limit,
        ClaimLease lease, CancellationToken cancellationToken)
    {
        if (limit <= 0)
        {
            return [];
        }
        var parameters = lease.Parameters(limit);
        parameters.Add("channel", channel);
        parameters.Add("lane", (int)lane);
        return (await scope.Connection.QueryAsync<ClaimRow>(new CommandDefinition(
            ClaimStatements.OneLane(engine), parameters, scope.Transaction, cancellationToken: cancellationToken))).AsList();
    }
}
