namespace Usheru.Notification.Client;

/// <summary>
/// A recipient's opt-outs per channel and per category; anything not listed is allowed. Channel
/// opt-outs hold for every notification, category opt-outs only for marketing.
/// </summary>
public sealed record Preferences
{
    /// <summary>Per channel name (see <see cref="NotificationChannel"/>): false to refuse it.</summary>
    public IReadOnlyDictionary<string, bool> Channels { get; init; } = new Dictionary<string, bool>();

    /// <summary>Per category (see <see cref="NotificationCategory"/>): false to refuse it.</summary>
    public IReadOnlyDictionary<string, bool> Categories { get; init; } = new Dictionary<string, bool>();
}
