namespace Usheru.Notification.Client;

/// <summary>A live API key, without its plaintext.</summary>
/// <param name="Id">The key id, <c>key_…</c>.</param>
/// <param name="Name">Who uses it.</param>
/// <param name="Scopes">What it may do (see <see cref="ApiKeyScope"/>).</param>
/// <param name="CreatedAt">When it was created.</param>
public sealed record ApiKey(string Id, string Name, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt);
