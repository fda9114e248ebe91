using System.Globalization;
using System.Text;

namespace Usheru.Notification.Client.Http;

/// <summary>Request paths relative to the base address, every id escaped, so <c>cinema:42@dublin</c> stays one segment.</summary>
internal static class ApiPath
{
    public static string Of(FormattableString path) =>
        string.Format(CultureInfo.InvariantCulture, path.Format, [.. path.GetArguments().Select(Segment)]);

    /// <summary>The path with the query parameters that have a value.</summary>
    public static string WithQuery(string path, params (string Name, object? Value)[] parameters)
    {
        var query = new StringBuilder();
        foreach (var (name, value) in parameters)
        {
            if (value is not null)
            {
                query.Append(query.Length == 0 ? '?' : '&').Append(name).Append('=')
                    .Append(Uri.EscapeDataString(Convert.ToString(value, CultureInfo.InvariantCulture)!));
            }
        }
        return path + query;
    }

    /// <summary>An empty id would address the collection instead (<c>GET v1/recipients/</c>): refused before it is sent.</summary>
    private static string Segment(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture) is { Length: > 0 } text
        ? Uri.EscapeDataString(text)
        : throw new ArgumentException("An id or key in the request path is null or empty.", nameof(value));
}
