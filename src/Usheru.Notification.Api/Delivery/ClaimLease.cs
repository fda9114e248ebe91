using Dapper;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Delivery;

/// <summary>One claim's lease: its token, when it was taken, and how long it holds.</summary>
internal sealed record ClaimLease(Guid Token, DateTimeOffset Now, TimeSpan Length)
{
    /// <summary><c>@token</c>, <c>@expires</c>, <c>@now</c> and <c>@limit</c>, as the claim statements use them.</summary>
    public DynamicParameters Parameters(int limit) =>
        new(new { token = Token.ToString(), expires = Now.ToUnixMs() + (long)Length.TotalMilliseconds, now = Now.ToUnixMs(), limit });
}
