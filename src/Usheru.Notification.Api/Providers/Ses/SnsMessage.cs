using System.Text;
using System.Text.Json;

namespace Usheru.Notification.Api.Providers.Ses;

/// <summary>
/// An Amazon SNS HTTP(S) delivery: a notification, or a subscription (un)confirmation. Only
/// string fields exist; all are kept, so the signed string is built from what was received.
/// </summary>
internal sealed class SnsMessage
{
    public const string NotificationType = "Notification";
    public const string SubscriptionConfirmationType = "SubscriptionConfirmation";
    public const string UnsubscribeConfirmationType = "UnsubscribeConfirmation";

    private readonly Dictionary<string, string> fields;

    private SnsMessage(Dictionary<string, string> fields)
    {
        this.fields = fields;
    }

    public string? Type => Field("Type");
    public string? Message => Field("Message");
    public string? TopicArn => Field("TopicArn");
    public string? Timestamp => Field("Timestamp");
    public string? SignatureVersion => Field("SignatureVersion");
    public string? Signature => Field("Signature");
    public string? SigningCertUrl => Field("SigningCertURL");
    public string? SubscribeUrl => Field("SubscribeURL");

    private static readonly JsonSerializerOptions Strict = new() { AllowDuplicateProperties = false };

    /// <summary>
    /// The JSON body SNS posted, or null when it is not a JSON object of strings: not JSON, a field
    /// twice, or a string that is not valid Unicode (an unpaired surrogate escape such as <c>"\ud800"</c>).
    /// </summary>
    public static SnsMessage? Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            var parsed = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(body, Strict);
            if (parsed is null)
            {
                return null;
            }
            return new SnsMessage(parsed.Where(f => f.Value.ValueKind == JsonValueKind.String)
                .ToDictionary(f => f.Key, f => f.Value.GetString()!, StringComparer.Ordinal));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // GetString throws InvalidOperationException for a string it cannot decode.
            return null;
        }
    }

    /// <summary>
    /// The string SNS signs: named fields, each as <c>Name\nValue\n</c>, in byte order of their
    /// names; <c>Subject</c> only when present. Null for a type SNS does not send, or a field missing.
    /// </summary>
    public string? StringToSign()
    {
        string[] names = Type switch
        {
            NotificationType => ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"],
            SubscriptionConfirmationType or UnsubscribeConfirmationType => ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"],
            _ => [],
        };
        if (names.Length == 0)
        {
            return null;
        }
        var text = new StringBuilder();
        foreach (var name in names)
        {
            if (Field(name) is { } value)
            {
                text.Append(name).Append('\n').Append(value).Append('\n');
            }
            else if (name != "Subject")
            {
                return null;
            }
        }
        return text.ToString();
    }

    private string? Field(string name) => fields.GetValueOrDefault(name);
}
