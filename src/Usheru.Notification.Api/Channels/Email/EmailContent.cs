namespace Usheru.Notification.Api.Channels.Email;

/// <summary>An email rendered for one recipient, as stored with its delivery.</summary>
/// <param name="UnsubscribeUrl">For marketing email to a recipient: their signed link, sent as <c>List-Unsubscribe</c>.</param>
internal sealed record EmailContent(string Subject, string? Text, string? Html, string? ToName, string? UnsubscribeUrl = null);
