namespace Usheru.Notification.Api.Tests.Support;

/// <summary>A message <see cref="TwilioStandIn"/> accepted, with the sid it answered and where its status callbacks were asked to go.</summary>
public sealed record TwilioMessage(string Sid, string To, string From, string Body, string? StatusCallback = null);
