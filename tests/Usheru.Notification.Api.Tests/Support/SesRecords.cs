using System.Text.Json.Nodes;

namespace Usheru.Notification.Api.Tests.Support;

/// <summary>
/// SES event records as a configuration set publishes them to SNS (the shapes of the SES
/// developer guide's examples), about one email this service sent: SES echoes the message's headers.
/// </summary>
public static class SesRecords
{
    public static string Bounce(string deliveryId, string address, string bounceType = "Permanent", string subType = "General",
        bool withHeaders = true) => Record("Bounce", deliveryId, address, withHeaders, "bounce", new JsonObject
        {
            ["bounceType"] = bounceType,
            ["bounceSubType"] = subType,
            ["bouncedRecipients"] = new JsonArray(new JsonObject
            {
                ["emailAddress"] = address,
                ["action"] = "failed",
                ["status"] = "5.1.1",
                ["diagnosticCode"] = "smtp; 550 5.1.1 user unknown",
            }),
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
            ["feedbackId"] = "01000157c44f053b-61b59c11-9236-11e6-8f96-7be8aexample-000000",
        });

    public static string Complaint(string deliveryId, string address) => Record("Complaint", deliveryId, address, true, "complaint", new JsonObject
    {
        ["complainedRecipients"] = new JsonArray(new JsonObject { ["emailAddress"] = address }),
        ["complaintFeedbackType"] = "abuse",
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
        ["feedbackId"] = "01000157c44f053b-61b59c11-9236-11e6-8f96-7be8aexample-000001",
    });

    public static string Delivery(string deliveryId, string address) => Record("Delivery", deliveryId, address, true, "delivery", new JsonObject
    {
        ["recipients"] = new JsonArray(address),
        ["processingTimeMillis"] = 546,
        ["smtpResponse"] = "250 ok: Message 64111812 accepted",
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
    });

    /// <summary>SES took the message over SMTP, then refused to send it (it found a virus).</summary>
    public static string Reject(string deliveryId, string address) => Record("Reject", deliveryId, address, true, "reject", new JsonObject
    {
        ["reason"] = "Bad content",
    });

    private static string Record(string type, string deliveryId, string address, bool withHeaders, string name, JsonObject detail)
    {
        var mail = new JsonObject
        {
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
            ["source"] = "notifications@usheru.com",
            ["messageId"] = "EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000",
            ["destination"] = new JsonArray(address),
            ["headersTruncated"] = false,
            ["commonHeaders"] = new JsonObject
            {
                ["from"] = new JsonArray("notifications@usheru.com"),
                ["to"] = new JsonArray(address),
                ["messageId"] = $"<{deliveryId}@notification.usheru.com>",
                ["subject"] = "Tickets for Dune: Part Three",
            },
        };
        if (withHeaders)
        {
            mail["headers"] = new JsonArray(
                new JsonObject { ["name"] = "Message-ID", ["value"] = $"<{deliveryId}@notification.usheru.com>" },
                new JsonObject { ["name"] = "X-Delivery-Id", ["value"] = deliveryId });
        }
        return new JsonObject { ["eventType"] = type, [name] = detail, ["mail"] = mail }.ToJsonString();
    }
}
