using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Usheru.Notification.Api.ApiKeys;
using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Events;
using Usheru.Notification.Api.Notifications;
using Usheru.Notification.Api.Templates;
using Usheru.Notification.Api.Workflows;

namespace Usheru.Notification.Api.Hosting.OpenApi;

/// <summary>
/// Schemas as the JSON really is. Numbers are numbers (the serializer also reads "5" for 5, but never
/// writes it, and a generated client should not offer it). Timestamps are strings (our own converter
/// hides the type from the generator). A nullable property may be left out of a request and is not
/// listed as required. Statuses, channels, categories and scopes list their values.
/// </summary>
internal sealed class SchemaRules : IOpenApiSchemaTransformer
{
    private static readonly string[] DeliveryStatuses =
    [
        DeliveryStatus.Queued, DeliveryStatus.Scheduled, DeliveryStatus.Sending, DeliveryStatus.Retrying, DeliveryStatus.Sent, DeliveryStatus.Failed,
        DeliveryStatus.Cancelled, DeliveryStatus.Suppressed, DeliveryStatus.Delivered, DeliveryStatus.Bounced, DeliveryStatus.Complained,
    ];

    private static readonly string[] StepStatuses =
        [StepStatus.Pending, StepStatus.Sent, StepStatus.Failed, StepStatus.Suppressed, StepStatus.Skipped, StepStatus.Completed];

    /// <summary>Values by <c>Type.property</c>, or by <c>property</c> on any type.</summary>
    private static readonly Dictionary<string, string[]> Enums = new(StringComparer.Ordinal)
    {
        ["NotificationView.status"] = NotificationStatus.All,
        ["DeliveryView.status"] = DeliveryStatuses,
        ["DeliverySummary.status"] = DeliveryStatuses,
        ["RunView.status"] = RunStatus.All,
        ["RunStepView.status"] = StepStatuses,
        // A notification's and the operator's delivery lists also hold its outgoing events.
        ["DeliveryView.channel"] = [.. ChannelTemplates.Channels, EventChannel.Name],
        ["DeliverySummary.channel"] = [.. ChannelTemplates.Channels, EventChannel.Name],
        ["AcceptedNotification.status"] = NotificationStatus.All,
        ["AcceptedDelivery.status"] = DeliveryStatuses,
        ["AcceptedDelivery.channel"] = [.. ChannelTemplates.Channels, EventChannel.Name],
        ["RunStepView.type"] = WorkflowStep.Types,
        ["WorkflowStep.type"] = WorkflowStep.Types,
        ["WorkflowStep.channel"] = ChannelTemplates.Channels,
        ["RetryAllRequest.status"] = [DeliveryStatus.Failed],
        ["events"] = OutgoingEvents.Types,
        ["Suppression.reason"] = ["bounce", "complaint"],
        ["channels"] = ChannelTemplates.Channels,
        ["category"] = NotificationRequestValidator.Categories,
        ["scopes"] = ApiKeyScopes.All,
    };

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ExactNumbers(schema);
        if (schema is { Format: "date-time", Type: null })
        {
            schema.Type = JsonSchemaType.String | (IsNullable(context.JsonPropertyInfo?.PropertyType ?? context.JsonTypeInfo.Type) ? JsonSchemaType.Null : 0);
        }
        if (schema.Required is { Count: > 0 } required && schema.Properties is { } properties)
        {
            foreach (var name in required.Where(name => properties.TryGetValue(name, out var property) && AllowsNull(property, context, name)).ToList())
            {
                required.Remove(name);
            }
        }
        if (context.JsonPropertyInfo is { } info
            && (Enums.GetValueOrDefault($"{info.DeclaringType.Name}.{info.Name}") ?? Enums.GetValueOrDefault(info.Name)) is { } values)
        {
            var target = schema.Type?.HasFlag(JsonSchemaType.Array) == true ? schema.Items as OpenApiSchema : schema;
            if (target?.Type?.HasFlag(JsonSchemaType.String) == true)
            {
                target.Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))];
                if (target.Type.Value.HasFlag(JsonSchemaType.Null))
                {
                    target.Enum.Add(null!);
                }
            }
        }
        return Task.CompletedTask;
    }

    private static void ExactNumbers(OpenApiSchema schema)
    {
        foreach (var number in new[] { JsonSchemaType.Integer, JsonSchemaType.Number })
        {
            if (schema.Type is { } type && type.HasFlag(number) && type.HasFlag(JsonSchemaType.String) && schema.Pattern is not null)
            {
                schema.Type = type & ~JsonSchemaType.String;
                schema.Pattern = null;
            }
        }
    }

    private static bool AllowsNull(IOpenApiSchema property, OpenApiSchemaTransformerContext context, string name) =>
        property.Type?.HasFlag(JsonSchemaType.Null) == true
        || property.OneOf?.Any(s => s.Type == JsonSchemaType.Null) == true
        || context.JsonTypeInfo.Properties.FirstOrDefault(p => p.Name == name) is { } info && (info.IsSetNullable || IsNullable(info.PropertyType));

    private static bool IsNullable(Type type) => Nullable.GetUnderlyingType(type) is not null;
}
