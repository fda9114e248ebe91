namespace Usheru.Notification.Api.Recipients;

/// <summary>
/// Opt-outs per channel and per category; anything not listed is allowed. Channel opt-outs hold for
/// every notification; category opt-outs only for <c>marketing</c>, never for <c>transactional</c>.
/// </summary>
internal sealed record Preferences(IReadOnlyDictionary<string, bool> Channels, IReadOnlyDictionary<string, bool> Categories)
{
    public static readonly Preferences None = new(new Dictionary<string, bool>(), new Dictionary<string, bool>());

    /// <summary>Why the recipient does not want this, or null when they do.</summary>
    public string? Blocks(string channel, string category)
    {
        if (Channels.TryGetValue(channel, out var channelAllowed) && !channelAllowed)
        {
            return $"recipient opted out of the {channel} channel";
        }
        if (category != "transactional" && Categories.TryGetValue(category, out var categoryAllowed) && !categoryAllowed)
        {
            return $"recipient opted out of {category} notifications";
        }
        return null;
    }
}
