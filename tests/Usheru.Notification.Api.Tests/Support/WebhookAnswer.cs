namespace Usheru.Notification.Api.Tests.Support;

/// <summary>How <see cref="WebhookReceiver"/> answers one request.</summary>
/// <param name="Hang">Never answer; the request ends when the client gives up.</param>
/// <param name="Held">Answer with the status this task ends with, when the test decides.</param>
public sealed record WebhookAnswer(int Status, IReadOnlyList<(string Name, string Value)> Headers, bool Hang = false, Task<int>? Held = null)
{
    public static WebhookAnswer Ok { get; } = new(200, []);
}
