namespace Usheru.Notification.Client;

/// <summary>An email: a subject and a text body, an HTML body or both.</summary>
/// <param name="Subject">The subject line.</param>
/// <param name="Text">The plain-text body.</param>
/// <param name="Html">The HTML body.</param>
public sealed record EmailContent(string Subject, string? Text = null, string? Html = null);
