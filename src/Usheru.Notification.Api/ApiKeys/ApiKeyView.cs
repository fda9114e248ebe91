namespace Usheru.Notification.Api.ApiKeys;

/// <summary>An API key as lists show it: never with its plaintext.</summary>
internal sealed record ApiKeyView(string Id, string Name, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt);
