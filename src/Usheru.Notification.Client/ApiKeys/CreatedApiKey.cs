namespace Usheru.Notification.Client;

/// <summary>An API key just created: the only answer that carries its plaintext.</summary>
/// <param name="Id">The key id, <c>key_…</c>.</param>
/// <param name="Name">Who uses it.</param>
/// <param name="Scopes">What it may do.</param>
/// <param name="Key">The plaintext key for <c>Authorization: Bearer</c>: keep it now, it is not shown again.</param>
/// <param name="CreatedAt">When it was created.</param>
public sealed record CreatedApiKey(string Id, string Name, IReadOnlyList<string> Scopes, string Key, DateTimeOffset CreatedAt);
