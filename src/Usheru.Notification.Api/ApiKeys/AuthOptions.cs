using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;

namespace Usheru.Notification.Api.ApiKeys;

internal sealed class AuthOptions
{
    public const string Section = "Auth";

    private byte[]? bootstrapKeyHash;

    /// <summary>A plaintext key with every scope, for first set-up. Compared in constant time, never logged.</summary>
    public string? BootstrapKey { get; set; }

    /// <summary>
    /// How long an instance trusts a real key it has checked before it looks in the database again.
    /// A key revoked through an instance is refused by that instance from the next request; the
    /// other instances refuse it within this many seconds. 0 looks every request.
    /// </summary>
    [Range(0, 300)]
    public int KeyCacheSeconds { get; set; } = 5;

    /// <summary>SHA-256 of <see cref="BootstrapKey"/>, computed once; null when there is none.</summary>
    public byte[]? BootstrapKeyHash =>
        BootstrapKey is { Length: > 0 } key ? bootstrapKeyHash ??= SHA256.HashData(Encoding.UTF8.GetBytes(key)) : null;
}
