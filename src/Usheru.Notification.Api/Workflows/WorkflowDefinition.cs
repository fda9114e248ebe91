using System.Text.Json.Serialization;
using Usheru.Notification.Api.Templates;

namespace Usheru.Notification.Api.Workflows;

/// <summary>The body of <c>PUT /v1/workflows/{key}</c>, and what a stored version holds.</summary>
internal sealed record WorkflowDefinition(string? Name, string? Category, IReadOnlyList<WorkflowStep?>? Steps);

/// <summary>
/// One step. Which fields apply depends on <see cref="Type"/>; the others are ignored, as unknown
/// properties are, and left out of what is shown. Durations are ISO 8601 (<c>PT15M</c>); Liquid
/// fields see <c>data</c>, <c>recipient</c>, <c>digest</c> and <c>steps</c>.
/// </summary>
internal sealed record WorkflowStep(
    string? Id,
    string? Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? If = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Channel = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Template = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ChannelTemplates? Content = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Duration = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Until = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Offset = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? IfPast = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Window = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Key = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? MaxItems = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Limit = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Per = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? From = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? To = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Days = null)
{
    public const string Send = "send";
    public const string Delay = "delay";
    public const string Digest = "digest";
    public const string Throttle = "throttle";
    public const string TimeWindow = "window";

    public static readonly string[] Types = [Send, Delay, Digest, Throttle, TimeWindow];

    public const int DefaultMaxItems = 50;
}

/// <summary>A stored workflow as the API shows it.</summary>
internal sealed record StoredWorkflow(
    string Key,
    string? Name,
    string Category,
    IReadOnlyList<WorkflowStep> Steps,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A validated definition: what one stored version holds, as JSON in its row.</summary>
internal sealed record WorkflowBody(string? Name, string Category, IReadOnlyList<WorkflowStep> Steps);
