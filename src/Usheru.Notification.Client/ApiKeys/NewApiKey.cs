namespace Usheru.Notification.Client;

/// <summary>The body of <c>POST /v1/api-keys</c>.</summary>
/// <param name="Name">Who uses it, such as <c>booking-service</c>.</param>
/// <param name="Scopes">What it may do (see <see cref="ApiKeyScope"/>).</param>
public sealed record NewApiKey(string Name, IReadOnlyList<string> Scopes);
