using System.Text.Json.Nodes;

namespace Usheru.Notification.Api.Templates;

/// <summary>
/// Content per channel, every string a Liquid template: the inline <c>content</c> of a request, and
/// the <c>channels</c> (and each locale) of a stored template.
/// </summary>
internal sealed record ChannelTemplates(EmailTemplate? Email, SmsTemplate? Sms, PushTemplate? Push, PushTemplate? Inbox, WebhookTemplate? Webhook)
{
    public static readonly string[] Channels = ["email", "sms", "push", "inbox", "webhook"];

    public bool Has(string channel) => channel switch
    {
        "email" => Email is not null,
        "sms" => Sms is not null,
        "push" => Push is not null,
        "inbox" => Inbox is not null,
        "webhook" => Webhook is not null,
        _ => false,
    };
}

internal sealed record EmailTemplate(string? Subject, string? Text, string? Html);

internal sealed record SmsTemplate(string? Text);

/// <summary>A web push or inbox message: a title, and optionally a body and a link.</summary>
internal sealed record PushTemplate(string? Title, string? Body, string? Url);

internal sealed record WebhookTemplate(JsonNode? Payload);
