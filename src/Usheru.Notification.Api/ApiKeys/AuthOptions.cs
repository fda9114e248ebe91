namespace Usheru.Notification.Api.ApiKeys;

internal sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>A plaintext key with every scope, for first set-up. Compared in constant time, never logged.</summary>
    public string? BootstrapKey { get; set; }
}
