namespace Usheru.Notification.Api.ApiKeys;

/// <summary>The scopes of the API contract; each is also the name of the policy that requires it.</summary>
internal static class ApiKeyScopes
{
    public const string Send = "send";
    public const string Read = "read";
    public const string Manage = "manage";
    public const string Admin = "admin";

    public static readonly string[] All = [Send, Read, Manage, Admin];

    /// <summary>The claim type carrying a scope; <c>admin</c> keys carry every scope.</summary>
    public const string ClaimType = "scope";

    /// <summary>The claim type carrying the key id, the partition of rate limits and idempotency keys.</summary>
    public const string KeyIdClaimType = "key_id";

    public static IEnumerable<string> Expand(IEnumerable<string> scopes) => scopes.Contains(Admin) ? All : scopes;
}
