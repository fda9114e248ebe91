namespace Usheru.Notification.Api.Tests.Support;

/// <summary>How <see cref="WebhookReceiver"/> answers one request.</summary>
/// <param name="Hang">Never answer; the request ends when the client gives up.</param>
public sealed record WebhookAnswer(int Status, IReadOnlyList<(string Name, string Value)> Headers, bool Hang = false)
{
    public static WebhookAnswer Ok { get; } = new(200, []);
}
