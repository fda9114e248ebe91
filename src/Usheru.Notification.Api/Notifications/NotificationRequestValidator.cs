using System.Net.Mail;
using Usheru.Notification.Api.Channels.Sms;
using Usheru.Notification.Api.Hosting;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Notifications;

/// <summary>The rules of <c>POST /v1/notifications</c> that need nothing but the request.</summary>
internal static class NotificationRequestValidator
{
    public const int MaxRecipients = 1000;
    public static readonly string[] Categories = ["transactional", "marketing"];
    public static readonly string[] ChannelNames = ["email", "sms", "push", "webhook", "inbox"];

    public static Dictionary<string, string[]> Validate(SendNotificationRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.To is not { Count: > 0 and <= MaxRecipients })
        {
            errors["to"] = [$"Give between 1 and {MaxRecipients} addresses."];
        }
        else
        {
            for (var i = 0; i < request.To.Count; i++)
            {
                if (AddressError(request.To[i]) is { } error)
                {
                    errors[$"to[{i}]"] = [error];
                }
            }
        }
        if (new object?[] { request.Template, request.Content, request.Workflow }.Count(c => c is not null) != 1)
        {
            errors["content"] = ["Give one of a template, inline content or a workflow."];
        }
        if (request.Workflow is { } workflow && !Identifiers.Key.IsValid(workflow))
        {
            errors["workflow"] = [$"'{workflow}' is not a workflow key."];
        }
        if (request.CancellationKey is { } cancellationKey && (request.Workflow is null || !Workflows.WorkflowRoutes.IsCancellationKey(cancellationKey)))
        {
            errors["cancellationKey"] = [request.Workflow is null
                ? "A cancellation key replaces runs of a workflow: give it with a workflow."
                : $"Use 1 to {Workflows.WorkflowRoutes.MaxCancellationKeyLength} printable characters."];
        }
        if (request.Workflow is not null && request.Channels is not null)
        {
            errors["channels"] = ["A workflow's send steps name their channels; leave channels out."];
        }
        else if (request.Template is { } template && !Identifiers.Key.IsValid(template))
        {
            errors["template"] = [Identifiers.Key.Message];
        }
        if (request.Category is { } category && !Categories.Contains(category))
        {
            errors["category"] = [$"Use one of: {string.Join(", ", Categories)}."];
        }
        if (request.Channels?.FirstOrDefault(c => !ChannelNames.Contains(c)) is { } unknown)
        {
            errors["channels"] = [$"Unknown channel '{unknown}'; use any of: {string.Join(", ", ChannelNames)}."];
        }
        return errors;
    }

    private static string? AddressError(Address? address)
    {
        if (address is null)
        {
            return "An address is required.";
        }
        var kinds = new[] { address.Email, address.Webhook, address.Phone, address.RecipientId, address.Topic }.Count(k => k is not null);
        if (kinds != 1)
        {
            return "Name exactly one of email, webhook, phone, recipientId or topic.";
        }
        return address switch
        {
            { Name: { } name } when HasControlCharacters(name) => "A name must not hold control characters such as line breaks.",
            { Email: { } email } when !IsEmail(email) => $"'{email}' is not a valid email address.",
            { Webhook: { } id } when !Ids.HasPrefix(id, Ids.WebhookEndpoint) => $"'{id}' is not a webhook endpoint id.",
            { Phone: { } phone } when !PhoneNumber.IsE164(phone) => "Phone numbers are E.164, like +353871234567.",
            { RecipientId: { } id } when !Identifiers.RecipientId.IsValid(id) => $"'{id}' is not a recipient id. {Identifiers.RecipientId.Message}",
            { Topic: { } key } when !Identifiers.TopicKey.IsValid(key) => $"'{key}' is not a topic key. {Identifiers.TopicKey.Message}",
            _ => null,
        };
    }

    /// <summary>Line breaks and other control characters: nothing a name needs, and what header injection is made of.</summary>
    public static bool HasControlCharacters(string value) => value.Any(char.IsControl);

    public static bool IsEmail(string value) =>
        value.Length <= 254 && MailAddress.TryCreate(value, out var parsed) && parsed.Address == value && parsed.Host.Contains('.', StringComparison.Ordinal);
}
