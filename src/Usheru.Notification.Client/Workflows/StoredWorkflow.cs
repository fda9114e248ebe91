namespace Usheru.Notification.Client;

/// <summary>A stored workflow: its latest version. Runs already started keep the version they started with.</summary>
/// <param name="Key">The workflow key, as triggers name it.</param>
/// <param name="Name">A name for people.</param>
/// <param name="Category">See <see cref="NotificationCategory"/>.</param>
/// <param name="Steps">The steps, in order, with only the fields of each step's type.</param>
/// <param name="Version">1 when first stored, one more each time it is replaced.</param>
/// <param name="CreatedAt">When it was first stored.</param>
/// <param name="UpdatedAt">When this version was stored.</param>
public sealed record StoredWorkflow(
    string Key,
    string? Name,
    string Category,
    IReadOnlyList<WorkflowStep> Steps,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
