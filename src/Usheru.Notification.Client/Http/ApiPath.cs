using System.Globalization;
using System.Text;

namespace Usheru.Notification.Client.Http;

/// <summary>Request paths relative to the base address, every id escaped, so <c>cinema:42</c> or <c>a/b</c> stay one segment.</summary>
internal static class ApiPath
{
    public static string Of(FormattableString path) =>
        string.Format(CultureInfo.InvariantCulture, path.Format, [.. path.GetArguments().Select(a => Uri.EscapeDataString(Convert.ToString(a, CultureInfo.InvariantCulture) ?? ""))]);

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
}
