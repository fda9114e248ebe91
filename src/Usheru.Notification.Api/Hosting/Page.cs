using System.Text;

namespace Usheru.Notification.Api.Hosting;

/// <summary>A page of a cursor-paged list: <c>{ "items": [...], "nextCursor": "…" | null }</c>.</summary>
internal sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>Cursors are opaque to clients: the base64url of the last id on the page.</summary>
internal static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 100;

    public static string? Encode(string? lastId) => lastId is null ? null : Base64UrlEncode(lastId);

    /// <summary>Reads <c>limit</c> and <c>cursor</c>, adding a validation error for each that is wrong.</summary>
    public static (int Limit, string? After) Read(int? limit, string? cursor, Dictionary<string, string[]> errors)
    {
        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"Use a limit from 1 to {MaxLimit}."];
        }
        string? after = null;
        if (cursor is not null && !TryDecode(cursor, out after))
        {
            errors["cursor"] = ["This cursor was not issued by this API."];
        }
        return (limit ?? DefaultLimit, after);
    }

    private static bool TryDecode(string cursor, out string? id)
    {
        try
        {
            id = Encoding.UTF8.GetString(Convert.FromBase64String(cursor.Replace('-', '+').Replace('_', '/').PadRight((cursor.Length + 3) / 4 * 4, '=')));
            // Ids are printable: a cursor decoding to control characters (U+0000 above all) was never issued.
            return id.Length is > 0 and <= 256 && !StrictQueryStrings.HasControl(id);
        }
        catch (FormatException)
        {
            id = null;
            return false;
        }
    }

    private static string Base64UrlEncode(string value) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(value)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
