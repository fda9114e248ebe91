namespace Usheru.Notification.Api.Channels.Sms;

/// <summary>An SMS rendered for one recipient, as stored with its delivery.</summary>
internal sealed record SmsContent(string Text);
