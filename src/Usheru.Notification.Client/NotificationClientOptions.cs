namespace Usheru.Notification.Client;

/// <summary>
/// Where the notification service is and the API key to call it with; bound from the configuration
/// section <see cref="SectionName"/>, then from the delegate given to <c>AddNotificationClient</c>.
/// </summary>
public sealed class NotificationClientOptions
{
    /// <summary>The configuration section these options are read from: <c>NotificationClient</c>.</summary>
    public const string SectionName = "NotificationClient";

    /// <summary>The service's address, such as <c>https://notification.usheru.com</c>; a path is kept.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>The API key, sent as <c>Authorization: Bearer</c>; needs the scopes of the calls you make.</summary>
    public string? ApiKey { get; set; }
}
