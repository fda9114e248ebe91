using System.Text.Json.Nodes;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Notifications;

/// <summary>The <c>notifications</c> columns the API reads.</summary>
internal sealed class NotificationRow
{
    public const string Columns = "id, status, category, template, metadata, created_at, send_at, workflow";

    public string Id { get; init; } = "";
    public string Status { get; init; } = "";
    public string Category { get; init; } = "";
    public string? Template { get; init; }
    public string Metadata { get; init; } = "{}";
    public long CreatedAt { get; init; }
    public long? SendAt { get; init; }
    public string? Workflow { get; init; }

    public NotificationView ToView(IReadOnlyList<DeliveryView>? deliveries) => new(
        Id, Status, Category, Template, UnixTime.FromUnixMs(CreatedAt), UnixTime.FromUnixMs(SendAt),
        JsonNode.Parse(Metadata)!.AsObject(), deliveries, Workflow: Workflow);
}

/// <summary>The <c>deliveries</c> columns the API reads.</summary>
internal sealed class DeliveryRow
{
    public string Id { get; init; } = "";
    public string Channel { get; init; } = "";
    public string Recipient { get; init; } = "";
    public string Status { get; init; } = "";
    public long Attempts { get; init; }
    public string? LastError { get; init; }
    public long? SentAt { get; init; }
    public string? ProviderMessageId { get; init; }
    public long DueAt { get; init; }

    /// <summary>When the delivery is next tried: shown while it waits for a retry or its send time.</summary>
    public DeliveryView ToView() => new(Id, Channel, Recipient, Status, (int)Attempts, LastError, UnixTime.FromUnixMs(SentAt), ProviderMessageId,
        Status is "retrying" or "scheduled" ? UnixTime.FromUnixMs(DueAt) : null);
}
