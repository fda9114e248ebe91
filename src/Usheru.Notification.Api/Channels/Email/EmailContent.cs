namespace Usheru.Notification.Api.Channels.Email;

/// <summary>An email rendered for one recipient, as stored with its delivery.</summary>
internal sealed record EmailContent(string Subject, string? Text, string? Html, string? ToName);
