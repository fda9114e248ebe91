namespace Usheru.Notification.Client;

/// <summary>An SMS.</summary>
/// <param name="Text">The message text.</param>
public sealed record SmsContent(string Text);
