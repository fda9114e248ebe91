using System.Text.Json.Nodes;

namespace Usheru.Notification.Client;

/// <summary>The body of <c>POST /v1/templates/{key}/preview</c>.</summary>
/// <param name="Data">What the templates see.</param>
/// <param name="Locale">The language to render in, with the usual fallback; null: the default content.</param>
public sealed record TemplatePreviewRequest(JsonObject? Data = null, string? Locale = null);
