using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Notifications;

/// <summary>
/// Which notifications an operator is looking for: by status, by a recipient (an address or a
/// recipient id any of its deliveries went to), by creation time, and by one metadata value
/// (<c>metadata.bookingId=B-991</c>). Times select by id, whose UUIDv7 body starts with the time.
/// </summary>
internal sealed partial record NotificationSearch(
    string? Status = null, string? Recipient = null, DateTimeOffset? Since = null, DateTimeOffset? Until = null,
    string? MetadataKey = null, string? MetadataValue = null)
{
    public const string MetadataPrefix = "metadata.";

    /// <summary>Reads the search from a query string, adding a validation error per bad field.</summary>
    public static NotificationSearch Read(IQueryCollection query, Dictionary<string, string[]> errors)
    {
        var status = query["status"].FirstOrDefault();
        if (status is not null && !NotificationStatus.All.Contains(status))
        {
            errors["status"] = [$"Use one of: {string.Join(", ", NotificationStatus.All)}."];
        }
        var window = DeliveryFilter.Read(null, null, query["recipient"].FirstOrDefault(), query["since"].FirstOrDefault(), query["until"].FirstOrDefault(), null, errors);
        if (errors.Remove("to", out var recipientError))
        {
            errors["recipient"] = recipientError;
        }
        var metadata = query.Where(q => q.Key.StartsWith(MetadataPrefix, StringComparison.Ordinal)).ToList();
        if (metadata.Count > 1 || metadata.Any(m => !MetadataKeyPattern().IsMatch(m.Key[MetadataPrefix.Length..])))
        {
            errors["metadata"] = ["Search by one metadata value, like metadata.bookingId=B-991."];
        }
        return new NotificationSearch(status, window.To, window.Since, window.Until,
            metadata.Count == 1 ? metadata[0].Key[MetadataPrefix.Length..] : null, metadata.Count == 1 ? metadata[0].Value.ToString() : null);
    }

    /// <summary>The SQL conditions (joined with AND; empty when there are none) and their parameters.</summary>
    public string Where(IStorageEngine engine, DynamicParameters parameters)
    {
        var where = new List<string>();
        void Add(string condition, string name, object? value)
        {
            where.Add(condition);
            parameters.Add(name, value);
        }
        if (Status is not null)
        {
            Add("status = @status", "status", Status);
        }
        if (Recipient is not null)
        {
            Add("id IN (SELECT notification_id FROM deliveries WHERE recipient = @recipient OR recipient_id = @recipient)", "recipient", Recipient);
        }
        if (Since is { } since)
        {
            Add("id >= @sinceId", "sinceId", DeliveryFilter.IdAt(Ids.Notification, since));
        }
        if (Until is { } until)
        {
            Add("id < @untilId", "untilId", DeliveryFilter.IdAt(Ids.Notification, until));
        }
        if (MetadataKey is not null)
        {
            parameters.Add("metadataKey", MetadataKey);
            Add($"{engine.JsonText("metadata", "@metadataKey")} = @metadataValue", "metadataValue", MetadataValue);
        }
        return string.Join(" AND ", where);
    }

    /// <summary>The search as a query string, for links that keep it.</summary>
    public string ToQuery() => string.Join("&", new (string, string?)[]
        {
            ("status", Status), ("recipient", Recipient), ("since", Since?.ToString("O", CultureInfo.InvariantCulture)),
            ("until", Until?.ToString("O", CultureInfo.InvariantCulture)), (MetadataPrefix + MetadataKey, MetadataKey is null ? null : MetadataValue),
        }
        .Where(p => p.Item2 is not null).Select(p => $"{Uri.EscapeDataString(p.Item1)}={Uri.EscapeDataString(p.Item2!)}"));

    [GeneratedRegex(@"\A[A-Za-z0-9_.:-]{1,100}\z")]
    private static partial Regex MetadataKeyPattern();
}
