namespace Usheru.Notification.Api.WebhookEndpoints;

/// <summary>A registered receiver. Its secret leaves the service once, in the response that creates it.</summary>
internal sealed record WebhookEndpoint(
    string Id,
    string Url,
    string Secret,
    string? Description,
    IReadOnlyList<string> Events,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DisabledAt)
{
    public WebhookEndpointView ToView() => new(Id, Url, Description, Events, CreatedAt, DisabledAt);
}

/// <summary>An endpoint as lists and reads show it: without the secret.</summary>
internal sealed record WebhookEndpointView(string Id, string Url, string? Description, IReadOnlyList<string> Events, DateTimeOffset CreatedAt, DateTimeOffset? DisabledAt);

/// <summary>The creation response: the only one that carries the secret.</summary>
internal sealed record CreatedWebhookEndpoint(string Id, string Url, string Secret, string? Description, IReadOnlyList<string> Events, DateTimeOffset CreatedAt);
