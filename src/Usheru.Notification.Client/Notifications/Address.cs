namespace Usheru.Notification.Client;

/// <summary>
/// One entry of a notification's <c>to</c>: exactly one of an email address, a phone number, a
/// webhook endpoint, a recipient or a topic. Build one with the <c>For…</c> methods.
/// </summary>
/// <param name="Email">An email address.</param>
/// <param name="Name">The display name for an email address.</param>
/// <param name="Webhook">A registered webhook endpoint id, <c>whe_…</c>.</param>
/// <param name="Phone">An E.164 phone number, such as <c>+353871234567</c>.</param>
/// <param name="RecipientId">A recipient: every channel of the content they have an address for.</param>
/// <param name="Topic">A topic: every subscriber, as if each were named as a recipient.</param>
public sealed record Address(
    string? Email = null,
    string? Name = null,
    string? Webhook = null,
    string? Phone = null,
    string? RecipientId = null,
    string? Topic = null)
{
    /// <summary>An email address, optionally with the name to show.</summary>
    /// <param name="email">The email address.</param>
    /// <param name="name">The display name.</param>
    public static Address ForEmail(string email, string? name = null) => new(Email: email, Name: name);

    /// <summary>An E.164 phone number, for SMS.</summary>
    /// <param name="phone">The phone number, such as <c>+353871234567</c>.</param>
    public static Address ForPhone(string phone) => new(Phone: phone);

    /// <summary>A registered webhook endpoint.</summary>
    /// <param name="endpointId">The endpoint id, <c>whe_…</c>.</param>
    public static Address ForWebhook(string endpointId) => new(Webhook: endpointId);

    /// <summary>A recipient stored with <see cref="INotificationClient.UpsertRecipientAsync"/>.</summary>
    /// <param name="recipientId">Your own id for the person.</param>
    public static Address ForRecipient(string recipientId) => new(RecipientId: recipientId);

    /// <summary>Every subscriber of a topic.</summary>
    /// <param name="topicKey">The topic key.</param>
    public static Address ForTopic(string topicKey) => new(Topic: topicKey);
}
