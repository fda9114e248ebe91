namespace Usheru.Notification.Api.Recipients;

/// <summary><c>Cors:AllowedOrigins</c>: the web pages that may call a recipient's inbox and preferences with a recipient token.</summary>
internal sealed class BrowserOriginsOptions
{
    public const string Section = "Cors";

    public string[] AllowedOrigins { get; set; } = [];

    public static bool IsOrigin(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" &&
        string.Equals(uri.GetLeftPart(UriPartial.Authority), value.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
}
