namespace Usheru.Notification.Api.Tests.Support;

/// <summary>A message <see cref="TwilioStandIn"/> accepted, with the sid it answered.</summary>
public sealed record TwilioMessage(string Sid, string To, string From, string Body);
