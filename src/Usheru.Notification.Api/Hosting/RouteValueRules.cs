namespace Usheru.Notification.Api.Hosting;

internal static class RouteValueRules
{
    /// <summary>
    /// The endpoints check route value <paramref name="name"/> against <paramref name="rule"/> before
    /// their handler runs: an id of the wrong shape names nothing, so it is a 404 without a look in
    /// the database. Endpoints that create what the id names check it themselves and answer 400.
    /// </summary>
    public static TBuilder RequireWellFormed<TBuilder>(this TBuilder builder, string name, IdentifierRule rule, string what) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            // Endpoints of a group without this route value (a list, a create) have nothing to check.
            if (!context.HttpContext.Request.RouteValues.TryGetValue(name, out var value) || rule.IsValid(value as string))
            {
                return await next(context);
            }
            return Problems.NotFound(what, value as string ?? "");
        });
}
