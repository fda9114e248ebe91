using Dapper;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Delivery;

/// <summary>One claim's lease: its token, when it was taken, how long it holds, and the instance that holds it.</summary>
internal sealed record ClaimLease(Guid Token, DateTimeOffset Now, TimeSpan Length, string Instance)
{
    /// <summary><c>@token</c>, <c>@expires</c>, <c>@now</c>, <c>@limit</c> and <c>@instance</c>, as the claim statements use them.</summary>
    public DynamicParameters Parameters(int limit) =>
        new(new { token = Token.ToString(), expires = Now.ToUnixMs() + (long)Length.TotalMilliseconds, now = Now.ToUnixMs(), limit, instance = Instance });
}
