using System.Text;

namespace Usheru.Notification.Api.Tests.Support;

/// <summary>One request as <see cref="WebhookReceiver"/> saw it; header names are case-insensitive.</summary>
public sealed record ReceivedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);
}
