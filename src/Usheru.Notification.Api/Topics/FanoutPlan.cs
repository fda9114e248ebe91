using System.Text.Json.Nodes;
using Usheru.Notification.Api.Templates;

namespace Usheru.Notification.Api.Topics;

/// <summary>
/// What a notification's fan-out needs, fixed when it is accepted: the topics, the content (the
/// template as it was then, or the inline content), the data, the channels asked for, the category,
/// and the recipients addressed directly (who must not get it twice). A workflow trigger fans out
/// into a run per subscriber instead of deliveries.
/// </summary>
internal sealed record FanoutPlan(
    IReadOnlyList<string> Topics,
    StoredTemplate? Template,
    ChannelTemplates? Content,
    JsonObject? Data,
    IReadOnlyList<string>? Channels,
    string Category,
    DateTimeOffset? SendAt,
    IReadOnlyList<string> DirectRecipients,
    Workflows.WorkflowTrigger? Workflow = null);
