namespace Usheru.Notification.Api.Hosting;

/// <summary>
/// A query string whose parameter names or values hold a control character (U+0000-U+001F,
/// U+007F-U+009F) is refused with a 400 naming the parameter, before any endpoint sees it. No
/// filter, cursor or search term has a use for them, and PostgreSQL cannot even compare text
/// holding U+0000: such a value reaching a query was a 503 there. One rule for every route.
/// </summary>
internal static class StrictQueryStrings
{
    public static IApplicationBuilder UseStrictQueryStrings(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (Check(http.Request.Query) is var (field, message))
        {
            await TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] },
                detail: "The query string holds a control character.").ExecuteAsync(http);
            return;
        }
        await next(http);
    });

    /// <summary>Null for a query string that may go on; else the parameter at fault (<c>query</c> when its name is) and why.</summary>
    public static (string Field, string Message)? Check(IQueryCollection query)
    {
        foreach (var (name, values) in query)
        {
            if (HasControl(name))
            {
                return ("query", "A parameter name holds a control character (such as U+0000 or a line break), which is not allowed.");
            }
            if (values.Any(value => value is not null && HasControl(value)))
            {
                return (name, "This value holds a control character (such as U+0000 or a line break), which is not allowed.");
            }
        }
        return null;
    }

    /// <summary>Any character of Unicode's control category, Cc: U+0000-U+001F and U+007F-U+009F.</summary>
    public static bool HasControl(string text) => text.Any(char.IsControl);
}
