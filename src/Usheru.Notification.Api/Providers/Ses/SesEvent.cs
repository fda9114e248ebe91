using System.Text.Json;
using System.Text.RegularExpressions;
using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Suppressions;

namespace Usheru.Notification.Api.Providers.Ses;

/// <summary>
/// An SES bounce, complaint, delivery or reject record (configuration-set event publishing names its type
/// <c>eventType</c>, identity notifications <c>notificationType</c>), read into one
/// <see cref="Feedback"/> per recipient it names. The delivery is found from our own headers,
/// which SES echoes: <c>X-Delivery-Id</c>, else the <c>Message-ID</c> <c>&lt;{deliveryId}@…&gt;</c>.
/// A reject (SES accepted the message over SMTP, then refused to send it, e.g. for a virus) fails
/// the delivery with SES's reason. Other types (Send, Open, …) and records of mail we did not send give nothing.
/// </summary>
internal static partial class SesEvent
{
    public static IReadOnlyList<Feedback> Read(string message)
    {
        try
        {
            using var document = JsonDocument.Parse(message);
            var root = document.RootElement;
            var type = Text(root, "eventType") ?? Text(root, "notificationType");
            if (!root.TryGetProperty("mail", out var mail) || DeliveryId(mail) is not { } deliveryId)
            {
                return [];
            }
            return type switch
            {
                "Bounce" when root.TryGetProperty("bounce", out var bounce) => Bounces(deliveryId, bounce),
                "Complaint" when root.TryGetProperty("complaint", out var complaint) => Recipients(complaint, "complainedRecipients")
                    .Select(r => new Feedback("email", deliveryId, null, DeliveryStatus.Complained, Text(r, "emailAddress"),
                        $"complaint{(Text(complaint, "complaintFeedbackType") is { } kind ? $": {kind}" : "")}", Suppression.Complaint)).ToList(),
                "Delivery" when root.TryGetProperty("delivery", out var delivery) => Recipients(delivery, "recipients")
                    .Select(r => new Feedback("email", deliveryId, null, DeliveryStatus.Delivered, r.ValueKind == JsonValueKind.String ? r.GetString() : null, null))
                    .ToList(),
                "Reject" => [new Feedback("email", deliveryId, null, DeliveryStatus.Failed, null,
                    $"rejected by SES{(root.TryGetProperty("reject", out var reject) && Text(reject, "reason") is { } reason ? $": {reason}" : "")}")],
                _ => [],
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return [];
        }
    }

    private static List<Feedback> Bounces(string deliveryId, JsonElement bounce)
    {
        var kind = Text(bounce, "bounceType");
        var detail = $"{kind}/{Text(bounce, "bounceSubType")} bounce";
        // Only a permanent bounce says the address is dead; a transient one (mailbox full, an
        // auto-reply) ends this message but not the address.
        return [.. Recipients(bounce, "bouncedRecipients").Select(r => new Feedback("email", deliveryId, null, DeliveryStatus.Bounced, Text(r, "emailAddress"),
            Text(r, "diagnosticCode") is { } code ? $"{detail}: {code}" : detail, kind == "Permanent" ? Suppression.Bounce : null))];
    }

    private static string? DeliveryId(JsonElement mail)
    {
        if (mail.TryGetProperty("headers", out var headers) && headers.ValueKind == JsonValueKind.Array)
        {
            foreach (var header in headers.EnumerateArray())
            {
                if (string.Equals(Text(header, "name"), "X-Delivery-Id", StringComparison.OrdinalIgnoreCase) && Text(header, "value") is { } id)
                {
                    return id.Trim();
                }
            }
        }
        return mail.TryGetProperty("commonHeaders", out var common) && Text(common, "messageId") is { } messageId
            && MessageId().Match(messageId) is { Success: true } match
            ? match.Groups["id"].Value
            : null;
    }

    private static List<JsonElement> Recipients(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array ? [.. list.EnumerateArray()] : [];

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    [GeneratedRegex(@"^\s*<?(?<id>dlv_[0-9a-f]{32})@", RegexOptions.CultureInvariant)]
    private static partial Regex MessageId();
}
