namespace Usheru.Notification.Api.Tests.Support;

/// <summary>An answer queued on <see cref="TwilioStandIn"/>: a status, and Twilio's error code and message when there is one.</summary>
public sealed record TwilioAnswer(int Status, int? Code, string? Message, IReadOnlyList<(string Name, string Value)> Headers);
