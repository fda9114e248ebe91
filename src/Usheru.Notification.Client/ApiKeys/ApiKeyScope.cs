namespace Usheru.Notification.Client;

/// <summary>The scopes an API key can have.</summary>
public static class ApiKeyScope
{
    /// <summary>Send and cancel notifications.</summary>
    public const string Send = "send";

    /// <summary>Read notifications, recipients, templates and inboxes.</summary>
    public const string Read = "read";

    /// <summary>Manage recipients, templates, topics and webhook endpoints.</summary>
    public const string Manage = "manage";

    /// <summary>Everything, including API keys.</summary>
    public const string Admin = "admin";
}
