using System.Text.Json.Serialization;

namespace Usheru.Notification.Api.Workflows;

/// <summary>A run as <c>GET /v1/notifications/{id}/runs</c> shows it.</summary>
internal sealed record RunView(
    string Id,
    string Workflow,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RecipientId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? To,
    string Status,
    string? Step,
    DateTimeOffset? ResumeAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<RunStepView> Steps);

/// <summary>One step of a run: <c>pending</c>, <c>sent</c>, <c>failed</c>, <c>suppressed</c>, <c>skipped</c> or <c>completed</c>.</summary>
internal sealed record RunStepView(
    string Id,
    string Type,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DeliveryId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason);
