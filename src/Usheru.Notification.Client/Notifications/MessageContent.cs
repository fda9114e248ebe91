namespace Usheru.Notification.Client;

/// <summary>A web push message or an in-app inbox item: a title, and optionally a body and a link.</summary>
/// <param name="Title">The title.</param>
/// <param name="Body">The body text.</param>
/// <param name="Url">Where opening it leads; a template string, so not necessarily a URI until rendered.</param>
public sealed record MessageContent(string Title, string? Body = null, string? Url = null);
