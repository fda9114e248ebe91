using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using Usheru.Notification.Api.Events;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Delivery;

/// <summary>
/// Which deliveries an operator means: by status, channel, address or recipient id, creation time
/// and last error. Statuses and channels are open words, so statuses other features add
/// (<c>delivered</c>, <c>bounced</c>, …) filter like the rest. Times select by a delivery's id,
/// whose UUIDv7 body starts with the creation time: a range of the primary key, never a scan.
/// </summary>
internal sealed partial record DeliveryFilter(
    string? Status = null, string? Channel = null, string? To = null, DateTimeOffset? Since = null, DateTimeOffset? Until = null, string? LastError = null)
{
    /// <summary>Reads the filter from its text form (query string or body), adding a validation error per bad field.</summary>
    public static DeliveryFilter Read(string? status, string? channel, string? to, string? since, string? until, string? lastError,
        Dictionary<string, string[]> errors)
    {
        if (status is not null && !Word().IsMatch(status))
        {
            errors["status"] = ["A status is a lowercase word such as 'failed'."];
        }
        if (channel is not null && !Word().IsMatch(channel))
        {
            errors["channel"] = ["A channel is a lowercase word such as 'email'."];
        }
        if (to is { Length: 0 or > 320 })
        {
            errors["to"] = ["Give an address or recipient id of 1 to 320 characters."];
        }
        var from = Time(since, "since", errors);
        var before = Time(until, "until", errors);
        if (from is not null && before is not null && before <= from)
        {
            errors["until"] = ["'until' must be after 'since'."];
        }
        return new DeliveryFilter(status, channel, to, from, before, lastError is { Length: > 0 } ? lastError : null);
    }

    /// <summary>The SQL conditions (joined with AND, never empty) and their parameters.</summary>
    public string Where(DynamicParameters parameters)
    {
        // Outgoing events are deliveries too, but nobody's: they show only when asked for by channel.
        var where = new List<string> { Channel is null ? $"channel <> '{EventChannel.Name}'" : "channel = @channel" };
        parameters.Add("channel", Channel);
        if (Status is not null)
        {
            where.Add("status = @status");
            parameters.Add("status", Status);
        }
        if (To is not null)
        {
            where.Add("(recipient = @to OR recipient_id = @to)");
            parameters.Add("to", To);
        }
        var prefix = Channel == EventChannel.Name ? Ids.Event : Ids.Delivery;
        if (Since is { } since)
        {
            where.Add("id >= @sinceId");
            parameters.Add("sinceId", IdAt(prefix, since));
        }
        if (Until is { } until)
        {
            where.Add("id < @untilId");
            parameters.Add("untilId", IdAt(prefix, until));
        }
        if (LastError is not null)
        {
            where.Add("last_error = @lastError");
            parameters.Add("lastError", LastError);
        }
        return string.Join(" AND ", where);
    }

    /// <summary>The lowest id a delivery created at <paramref name="time"/> can have: UUIDv7 puts the unix milliseconds first.</summary>
    public static string IdAt(string prefix, DateTimeOffset time) =>
        $"{prefix}_{Math.Max(0, time.ToUnixTimeMilliseconds()).ToString("x12", CultureInfo.InvariantCulture)}";

    /// <summary>When the delivery with this id was created.</summary>
    public static DateTimeOffset CreatedAt(string id) =>
        id.IndexOf('_', StringComparison.Ordinal) is var underscore and > 0 && id.Length >= underscore + 13 &&
        long.TryParse(id.AsSpan(underscore + 1, 12), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : DateTimeOffset.UnixEpoch;

    private static DateTimeOffset? Time(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (value is null)
        {
            return null;
        }
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }
        errors[field] = ["Use an ISO 8601 timestamp such as 2026-12-01T09:00:00Z."];
        return null;
    }

    [GeneratedRegex(@"\A[a-z][a-z_]{0,31}\z")]
    private static partial Regex Word();
}
