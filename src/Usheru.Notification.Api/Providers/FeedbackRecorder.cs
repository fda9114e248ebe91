using System.Text.Json.Nodes;
using Dapper;
using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Events;
using Usheru.Notification.Api.Storage;
using Usheru.Notification.Api.Suppressions;

namespace Usheru.Notification.Api.Providers;

/// <summary>
/// Records what providers report after "sent": the delivery's status moves forward only
/// (sent, delivered, bounced, complained: a late "delivered" never hides a bounce), the matching
/// <c>delivery.*</c> event is queued, and a permanent bounce or a complaint lists the address,
/// all in one transaction. A provider's refusal after it accepted the message (an SES reject)
/// turns a <c>sent</c> delivery <c>failed</c>, with <c>delivery.failed</c>; the notification keeps its status. Reports come more than once and out of order; each is safe to repeat.
/// </summary>
internal sealed class FeedbackRecorder(IStorageEngine engine, TimeProvider time)
{
    private static readonly string[] Pending = [DeliveryStatus.Queued, DeliveryStatus.Scheduled, DeliveryStatus.Sending, DeliveryStatus.Retrying];

    public async Task<FeedbackResult> RecordAsync(Feedback feedback, CancellationToken cancellationToken)
    {
        var now = time.Now();
        await using var scope = await engine.BeginWriteAsync(cancellationToken);
        var delivery = await scope.Connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"""
            SELECT d.id, d.notification_id, d.channel, d.recipient, d.status, d.attempts, d.sent_at, d.provider_message_id, n.metadata
              FROM deliveries d JOIN notifications n ON n.id = d.notification_id
             WHERE d.channel = @Channel AND {(feedback.DeliveryId is not null ? "d.id = @DeliveryId" : "d.provider_message_id = @ProviderMessageId")}
             {engine.RowLockClause}
            """, feedback, scope.Transaction, cancellationToken: cancellationToken));
        if (delivery is null || (feedback.Address is { } address && Suppression.Normalize(address) != Suppression.Normalize(delivery.Recipient)))
        {
            return FeedbackResult.Unknown;
        }
        if (Pending.Contains(delivery.Status))
        {
            return FeedbackResult.NotYetSent;
        }
        if (!DeliveryStatus.SentOrLater.Contains(delivery.Status))
        {
            return FeedbackResult.Unknown;
        }
        if (feedback.Suppress is { } reason)
        {
            await SuppressionList.AddAsync(scope, delivery.Recipient, reason, feedback.Detail, delivery.Id, now, cancellationToken);
        }
        if (feedback.Status == DeliveryStatus.Failed ? delivery.Status == DeliveryStatus.Sent : Rank(feedback.Status) > Rank(delivery.Status))
        {
            await scope.Connection.ExecuteAsync(new CommandDefinition(
                "UPDATE deliveries SET status = @Status, last_error = COALESCE(@error, last_error) WHERE id = @id",
                new { feedback.Status, error = feedback.Status == DeliveryStatus.Delivered ? null : Shorten(feedback.Detail), id = delivery.Id },
                scope.Transaction, cancellationToken: cancellationToken));
            await OutgoingEvents.DeliveryFeedbackAsync(engine, scope, new DeliveryEventData(
                delivery.Id, delivery.NotificationId, delivery.Channel, feedback.Status, (int)delivery.Attempts,
                UnixTime.FromUnixMs(delivery.SentAt), delivery.ProviderMessageId, JsonNode.Parse(delivery.Metadata)), now, cancellationToken);
        }
        await scope.CommitAsync(cancellationToken);
        return FeedbackResult.Recorded;
    }

    private static int Rank(string status) => Array.IndexOf(DeliveryStatus.SentOrLater, status);

    private static string? Shorten(string? detail) => detail is { Length: > 500 } ? detail[..500] : detail;

    private sealed class Row
    {
        public string Id { get; init; } = "";
        public string NotificationId { get; init; } = "";
        public string Channel { get; init; } = "";
        public string Recipient { get; init; } = "";
        public string Status { get; init; } = "";
        public long Attempts { get; init; }
        public long? SentAt { get; init; }
        public string? ProviderMessageId { get; init; }
        public string Metadata { get; init; } = "{}";
    }
}
