namespace Usheru.Notification.Api.Suppressions;

/// <summary>An address no email goes to any more, as <c>GET /v1/suppressions</c> shows it.</summary>
/// <param name="Reason"><c>bounce</c> (a permanent bounce) or <c>complaint</c> (the recipient marked a message as spam).</param>
/// <param name="Detail">What the provider said, e.g. <c>Permanent/General: smtp; 550 5.1.1 user unknown</c>.</param>
/// <param name="DeliveryId">The delivery whose feedback put the address here.</param>
internal sealed record Suppression(string Address, string Reason, string? Detail, string? DeliveryId, DateTimeOffset CreatedAt)
{
    public const string Bounce = "bounce";
    public const string Complaint = "complaint";

    /// <summary>How addresses are compared and stored: providers and people vary the case.</summary>
    public static string Normalize(string address) => address.Trim().ToLowerInvariant();
}
