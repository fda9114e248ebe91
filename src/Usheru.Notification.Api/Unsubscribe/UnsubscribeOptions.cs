namespace Usheru.Notification.Api.Unsubscribe;

internal sealed class UnsubscribeOptions
{
    /// <summary>Where the links in emails point: <c>PublicBaseUrl</c> of the configuration.</summary>
    public Uri PublicBaseUrl { get; set; } = new("http://localhost:8080");

    /// <summary>
    /// <c>Unsubscribe:SigningKey</c>: the HMAC key of the links (base64, 32 bytes or more). Without it
    /// one is generated and kept in the database. Changing it revokes every link sent so far.
    /// </summary>
    public string? SigningKey { get; set; }
}
